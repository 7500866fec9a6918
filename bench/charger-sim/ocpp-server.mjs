// Minimal OCPP 1.6J Central System for the fleet benchmark: raw ws, subprotocol ocpp1.6, answers every
// charger CALL with a fixed valid payload. Prints "PORT <n>" once listening; exits on SIGTERM.
import { WebSocketServer } from 'ws';

const heartbeatIntervalS = Number(process.env.HEARTBEAT_INTERVAL_S ?? 300);
const wss = new WebSocketServer({
  port: 0,
  host: '127.0.0.1',
  perMessageDeflate: false,
  backlog: 4096,
  handleProtocols: (protocols) => (protocols.has('ocpp1.6') ? 'ocpp1.6' : false),
});
let nextTx = 1;
const answer = (action) => {
  switch (action) {
    case 'BootNotification':
      return { status: 'Accepted', currentTime: new Date().toISOString(), interval: heartbeatIntervalS };
    case 'Heartbeat':
      return { currentTime: new Date().toISOString() };
    case 'Authorize':
    case 'StopTransaction':
      return { idTagInfo: { status: 'Accepted' } };
    case 'StartTransaction':
      return { transactionId: nextTx++, idTagInfo: { status: 'Accepted' } };
    default:
      return {};
  }
};
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    if (frame[0] === 2) ws.send(JSON.stringify([3, frame[1], answer(frame[2])]));
  });
});
wss.on('listening', () => process.stdout.write(`PORT ${wss.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
