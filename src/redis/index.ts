// runstream/redis: the relay's event log in Redis Streams (Node; needs the optional peer `redis`).
export {
  type RedisConnection,
  type RedisEventLog,
  type RedisEventLogOptions,
  redisEventLog,
} from './redis-event-log.js';
