import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { createClient, createRelay, type EventLog, memoryEventLog } from '../../src/index.js';
import { type RedisEventLog, redisEventLog } from '../../src/redis/index.js';
import { startSimulator } from '../../src/simulator/index.js';
import { type ChatRouteContext, cancelRoute, chatRoute, runRoute, sessionOf } from './chat-route.js';

/** Options of {@link startLiveUI}. */
export interface LiveUIOptions {
  /** The port to listen on (127.0.0.1). Default: `PORT`, else 0 (any free port). */
  port?: number;
  /**
   * A running simulator to relay runs from. Default: the API named by `OPENAI_BASE_URL` when
   * `OPENAI_API_KEY` is set, else a simulator started (and closed) by the live UI itself.
   */
  simulator?: { url: string };
  /** The assistant to run. Default: `OPENAI_ASSISTANT_ID`, else one is created at startup. */
  assistantId?: string;
  /**
   * Keep the runs in this Redis (so that several live UIs behind one Redis serve each other's
   * runs). Default: `REDIS_URL`, else the relay's memory log (this process only).
   */
  redisUrl?: string;
}

/** A running live UI. */
export interface LiveUI {
  /** The page, e.g. `http://127.0.0.1:5173/`. */
  readonly url: string;
  /** Runs being read into the relay right now (watched or not). */
  activeRelays(): number;
  close(): Promise<void>;
}

const HERE = fileURLToPath(new URL('.', import.meta.url));

// The page may load only its own script; model output can then not run code even if a renderer slipped.
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
  'x-content-type-options': 'nosniff',
};

/**
 * Starts the live UI: bundles the page script (which imports runstream) for the browser, serves
 * the page and relays runs to it from `POST /api/chat`. The API key stays on this server.
 *
 * @example
 * ```ts
 * const ui = await startLiveUI({ port: 0 });
 * console.log(`open ${ui.url}`);
 * ```
 */
export async function startLiveUI(options: LiveUIOptions = {}): Promise<LiveUI> {
  const ownSimulator =
    options.simulator || process.env.OPENAI_API_KEY ? undefined : await startSimulator({ tokenDelayMs: 40 });
  const simulator = options.simulator ?? ownSimulator;
  // With a simulator, a placeholder key: a real one in the environment must not be sent to it.
  const client = simulator
    ? createClient({ baseURL: simulator.url, apiKey: 'sk-simulator' })
    : createClient();
  const [page, script, assistantId] = await Promise.all([
    readFile(new URL('index.html', import.meta.url), 'utf8'),
    bundlePage(),
    options.assistantId ?? process.env.OPENAI_ASSISTANT_ID ?? createAssistant(client),
  ]);
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL;
  const redisLog: RedisEventLog | undefined = redisUrl ? redisEventLog({ url: redisUrl }) : undefined;
  const log: EventLog = redisLog ?? memoryEventLog();
  const context: ChatRouteContext = {
    client,
    assistantId,
    relay: createRelay({ log }),
    relays: { active: 0 },
    threads: new Map(),
  };

  const server = createServer((req, res) => {
    route(req, res, context, page, script).catch((error: unknown) => {
      console.error('live-ui: request failed:', error instanceof Error ? error.message : error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  });
  const port = options.port ?? Number(process.env.PORT ?? 0);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/`,
    activeRelays: () => context.relays.active,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ownSimulator?.close();
      await redisLog?.close();
    },
  };
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  context: ChatRouteContext,
  page: string,
  script: string,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const run = /^\/api\/runs\/([\w.-]{1,200})(\/cancel)?$/.exec(path);
  if (req.method === 'POST' && path === '/api/chat') return chatRoute(context, req, res);
  if (req.method === 'POST' && run?.[2]) return cancelRoute(context, run[1] as string, req, res);
  if (req.method === 'GET' && run && !run[2]) return runRoute(context, run[1] as string, req, res);
  if (req.method !== 'GET') {
    res.writeHead(405, { allow: 'GET, POST' }).end();
  } else if (path === '/') {
    // The page's session: its runs and threads are its own (see chat-route.ts).
    const { setCookie } = sessionOf(req);
    const cookie: Record<string, string> = setCookie ? { 'set-cookie': setCookie } : {};
    res.writeHead(200, { ...PAGE_HEADERS, ...cookie, 'content-type': 'text/html; charset=utf-8' }).end(page);
  } else if (path === '/app.js') {
    res.writeHead(200, { ...PAGE_HEADERS, 'content-type': 'text/javascript; charset=utf-8' }).end(script);
  } else {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  }
}

/** Bundles the page script and runstream, as a browser would load them from a CDN or a build step. */
async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [`${HERE}app.ts`],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

async function createAssistant(client: ReturnType<typeof createClient>): Promise<string> {
  const assistant = await client.assistants.create({
    model: process.env.OPENAI_MODEL ?? 'gpt-4o-mini',
    name: 'runstream live UI',
    instructions: 'Answer briefly. Use get_weather for questions about the weather.',
    tools: [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'The current weather at a place.',
          parameters: {
            type: 'object',
            properties: { location: { type: 'string' } },
            required: ['location'],
          },
        },
      },
    ],
  });
  return assistant.id;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const ui = await startLiveUI();
    const source = process.env.OPENAI_API_KEY ? 'the API' : 'the built-in simulator';
    console.log(`runstream live UI on ${ui.url} (relaying runs from ${source}; Ctrl+C stops it)`);
    process.once('SIGINT', () => void ui.close().then(() => process.exit(0)));
  } catch (error) {
    // runstream's errors say what to do (and never hold the key); a stack would add nothing here.
    console.error(`live-ui: could not start: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}
