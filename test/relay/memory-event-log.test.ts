import { memoryEventLog } from '../../src/relay/memory-event-log.js';
import { describeEventLog } from './log-contract.js';

describeEventLog('memoryEventLog', memoryEventLog, { expiryMs: 200 });
