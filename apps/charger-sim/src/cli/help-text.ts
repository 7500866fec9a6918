export const HELP_TEXT = `charger-sim: zappi-faithful OCPP 1.6J charge point simulator and fleet load generator

Usage:
  charger-sim --url ws://127.0.0.1:9000/ocpp --id ZAPPI-0001 --password SECRET [options]
  charger-sim --url ws://127.0.0.1:9000/ocpp --count 1000 --id-prefix ZAPPI- --password SECRET [options]

Connection
  --url URL                Central System endpoint (ws:// or wss://); a charger connects to URL/{id}
  --id ID                  run one charger with this identity
  --password PW            HTTP Basic password (user name = charger id); omit for no auth
  --passwords-file FILE    JSON object {"<id>": "<password>"} (falls back to --password)
  --call-timeout S         seconds to wait for an answer to the charger's calls (default 30)

Fleet
  --count N                run N chargers in this process (ids: prefix + index, 4+ digits)
  --id-prefix P            id prefix (default ZAPPI-)
  --start-index I          first index (default 1)
  --connect-rate R         connections started per second (default 200)
  --sessions               scripted sessions: random plug-in/unplug from the seeded source
  --session-minutes M      mean session length, simulated minutes (default 90)
  --idle-minutes M         mean time between sessions, simulated minutes (default 120)

Device
  --model zappi|generic-ocpp16   device model (default zappi)
  --firmware V             firmware version reported at boot (zappi default 5.5.1)
  --commercial-mode on|off zappi CommercialMode of a new device (default on; a stored state keeps its own)
  --jurisdiction GB|none   GB enables zappi's RandomSmartChargeDelay default of 600 s (default none)
  --connectors N           number of connectors (zappi 1, generic 2)
  --answer-delay A=S       answer the Central System's action A S simulated seconds after it arrives (repeatable;
                           the call takes effect at once), e.g. GetCompositeSchedule=50 for a slow cloud

Time and state
  --clock-speed N          simulated seconds per real second (default 1)
  --sim-start ISO          simulated time at start (default: now)
  --seed S                 seed for every random draw (default: crypto randomness)
  --state-dir DIR          keep each charger's stored memory in DIR/{id}.json across restarts

Control and output
  --control-port P         control/audit HTTP API on this port (0 = any free port)
  --control-host H         address of the control API (default 127.0.0.1)
  --summary-every S        summary line on stderr every S seconds (default 5 in fleet mode, 0 = off)
  --duration S             stop after S seconds and print the report
  --report FILE            write the final JSON report to FILE instead of stdout
  --log-level L            fatal|error|warn|info|debug|trace|silent (default info, warn in fleet mode)
  --help                   this text

Control API (JSON): GET /chargers, /chargers/{id}, /chargers/{id}/profiles, /chargers/{id}/calls,
  /chargers/{id}/acknowledged (its transaction calls the CS acknowledged), /chargers/{id}/writes, /chargers/{id}/composite?connectorId=1&duration=3600, /chargers/{id}/configuration;
  POST /chargers/{id}/plug-in {connectorId?, maxPowerW?, idTag?}, /unplug {connectorId?}, /offline,
  /online, /restart, /leave-unanswered {action, count?} (the next count CS calls of action get no answer).

Exit status: 0 after a clean stop, 2 for bad flags, 1 when the simulator cannot start.
`;
