// A fake EHR for the browser tests: an MLLP receiver that acknowledges every frame AA and keeps the messages.
import net from 'node:net';

/** Listens on a free port of 127.0.0.1; resolves to { server, port, received }. */
export function fakeEhr() {
  const received = [];
  const server = net.createServer((sock) => {
    let buf = Buffer.alloc(0);
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const end = buf.indexOf(Buffer.from([0x1c, 0x0d]));
        if (end < 0) break;
        const msg = buf.subarray(1, end).toString('utf8');
        buf = buf.subarray(end + 2);
        received.push(msg);
        const control = msg.split('\r')[0].split('|')[9] || '';
        sock.write(Buffer.concat([Buffer.from([0x0b]), Buffer.from(`MSH|^~\\&|EHR|CLINIC|PHYSIOKIT|X|20260101||ACK|E${received.length}|P|2.5.1\rMSA|AA|${control}\r`), Buffer.from([0x1c, 0x0d])]));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port, received })));
}
