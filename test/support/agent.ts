/** Calling a UKey signing agent over real HTTP, with the headers a browser sends (Origin) or an attacker picks (Host). */
import http from 'node:http';

/** An agent's answer. */
export interface AgentAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The JSON body (tests read it field by field). */
  body: any;
}

/** Options of one request; `origin: null` sends none. */
export interface AgentCallOptions {
  origin: string | null;
  host?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Sends one request to the agent at `base` (http://127.0.0.1:<port>). */
export function agentCall(base: URL, method: string, route: string, opts: AgentCallOptions): Promise<AgentAnswer> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.origin !== null) headers.origin = opts.origin;
  if (opts.host) headers.host = opts.host;
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  if (payload) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname: base.hostname, port: base.port, path: route, method, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : null }),
      );
    });
    req.on('error', reject);
    req.end(payload);
  });
}
