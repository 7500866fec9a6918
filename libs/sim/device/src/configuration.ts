import { answer, written, type CallHandled } from './call-result.js';
import { findKey, keyDefinitions, readKey } from './configuration-keys.js';
import type { CallContext, DeviceState } from './device-state.js';
import type {
  ChangeConfigurationRequest,
  ChangeConfigurationResponse,
  ConfigurationKeyValue,
  GetConfigurationRequest,
  GetConfigurationResponse,
} from './ocpp-types.js';
import { canWrite, recordWrite, writeLimitReason } from './write-limiter.js';

// GetConfiguration is a read (never a write). ChangeConfiguration: unknown key ⇒ NotSupported; read-only
// ⇒ Rejected; a value the key cannot take ⇒ Rejected; the same canonical value ⇒ Accepted without a write;
// otherwise a memory write (Rejected, changing nothing, when the write limiter is exhausted).

export function handleGetConfiguration(
  state: DeviceState,
  request: GetConfigurationRequest,
): CallHandled<GetConfigurationResponse> {
  const entry = (key: string, readonly: boolean, value: string): ConfigurationKeyValue => ({ key, readonly, value });
  const requested = request.key ?? [];
  if (requested.length === 0) {
    const all = keyDefinitions(state.settings).map((def) => entry(def.key, def.readonly, readKey(state, def)));
    return answer(state, { configurationKey: all, unknownKey: [] });
  }
  const configurationKey: ConfigurationKeyValue[] = [];
  const unknownKey: string[] = [];
  for (const key of requested) {
    const def = findKey(state.settings, key);
    if (def) configurationKey.push(entry(def.key, def.readonly, readKey(state, def)));
    else unknownKey.push(key);
  }
  return answer(state, { configurationKey, unknownKey });
}

export function handleChangeConfiguration(
  state: DeviceState,
  request: ChangeConfigurationRequest,
  ctx: CallContext,
): CallHandled<ChangeConfigurationResponse> {
  const def = findKey(state.settings, request.key);
  if (!def) return answer(state, { status: 'NotSupported' }, `unknown-key: ${request.key}`);
  if (def.readonly) return answer(state, { status: 'Rejected' }, `read-only: ${request.key}`);
  const value = def.normalise(request.value);
  if (value === null)
    return answer(state, { status: 'Rejected' }, `invalid-value: ${request.key}=${JSON.stringify(request.value)}`);
  if (readKey(state, def) === value) {
    return answer(state, { status: 'Accepted' }, `unchanged: ${request.key} is already ${value}; not a memory write`);
  }
  const limit = state.settings.writeLimit;
  if (!canWrite(state.writeLog, limit, ctx.now)) {
    return answer(state, { status: 'Rejected' }, writeLimitReason(state.writeLog, limit, ctx.now));
  }
  return written(
    {
      ...state,
      configuration: { ...state.configuration, [def.key]: value },
      writeLog: recordWrite(state.writeLog, limit, ctx.now),
    },
    { status: 'Accepted' },
  );
}
