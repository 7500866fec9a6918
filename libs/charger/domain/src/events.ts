/** The charger stream's events are a contract between contexts (the twin and the bridge read them). */
export * from '@chargeplane/contracts-events';
