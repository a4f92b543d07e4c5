// A local SMTP sink for the browser tests: accepts every message on 127.0.0.1 (RFC 5321 without
// extensions: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and keeps it: {from, to, subject, headers, body}.
import net from 'node:net';

export class SmtpSink {
  constructor() {
    this.messages = [];
    this.server = null;
    this.port = 0;
  }

  async start() {
    this.server = net.createServer((sock) => this.#session(sock));
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = this.server.address().port;
    return this.port;
  }

  #session(sock) {
    sock.setEncoding('utf8');
    let buf = '';
    let inData = false;
    let data = [];
    let from = '';
    let to = [];
    const reply = (s) => sock.write(`${s}\r\n`);
    reply('220 sink.test ESMTP');
    sock.on('data', (chunk) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            this.#keep(from, to, data);
            data = [];
            reply('250 kept');
          } else data.push(line.startsWith('..') ? line.slice(1) : line);
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 sink.test');
        else if (verb === 'MAIL') {
          from = (/<([^>]*)>/.exec(line) || [])[1] || '';
          to = [];
          reply('250 ok');
        } else if (verb === 'RCPT') {
          to.push((/<([^>]*)>/.exec(line) || [])[1] || '');
          reply('250 ok');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 go on');
        } else if (verb === 'QUIT') {
          reply('221 bye');
          sock.end();
        } else if (verb === 'RSET' || verb === 'NOOP') reply('250 ok');
        else reply('502 not here');
      }
    });
    sock.on('error', () => {});
  }

  #keep(from, to, lines) {
    const blank = lines.indexOf('');
    const head = blank < 0 ? lines : lines.slice(0, blank);
    const headers = {};
    for (const h of head) {
      const c = h.indexOf(':');
      if (c > 0) headers[h.slice(0, c).toLowerCase()] = h.slice(c + 1).trim();
    }
    this.messages.push({ from, to, subject: headers.subject || '', headers, body: blank < 0 ? '' : lines.slice(blank + 1).join('\n') });
  }

  /** Waits until a message kept satisfies `pred` (to, subject, body); returns it. */
  async waitFor(pred, { timeoutMs = 30000, what = 'a message' } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = this.messages.find(pred);
      if (m) return m;
      if (Date.now() > deadline) throw new Error(`the SMTP sink did not receive ${what} in ${timeoutMs} ms; it has: ${JSON.stringify(this.messages.map((x) => [x.to, x.subject]))}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async stop() {
    if (this.server) await new Promise((r) => this.server.close(r));
    this.server = null;
  }
}
