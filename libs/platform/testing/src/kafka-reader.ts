// Tests that may not import adapters (the e2e suite) read Kafka topics through this library.
export { tailTopics, type TextRecord, type TopicTail } from '@chargeplane/platform-kafka';
