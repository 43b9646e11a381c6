// One HTTP request with a JSON body over a keep-alive agent; the answer's JSON parsed unless
// `parse` is false (a reader that only counts costs the API's process less).
import http from 'node:http';

export function jsonRequester(agent) {
  return function request(method, url, headers, body, parse = true) {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        url,
        { method, agent, headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) } },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            if (!parse) return resolve({ status: res.statusCode });
            const text = Buffer.concat(chunks).toString();
            resolve({
              status: res.statusCode,
              body: text && res.headers['content-type']?.includes('json') ? JSON.parse(text) : text,
            });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  };
}
