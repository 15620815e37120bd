import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A Node.js HTTP server that does no work: the ceiling one process reaches on this machine, run in
 * the same benchmark so that Nubis's figures are read as a ratio to it.
 */
const SOURCE = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }); res.end('{}'); });
});
server.listen(0, '127.0.0.1', () => console.log('ready ' + server.address().port));
`;

export async function startReferenceServer(): Promise<{
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}> {
  const child = spawn(process.execPath, ['-e', SOURCE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /ready (\d+)/.exec(chunk.toString());
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error('reference server exited')));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
