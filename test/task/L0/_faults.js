'use strict';
// Azure DevOps failing in the ways the fault scenarios need (a companion of _task.js, whose fakeAzureDevOps answers
// one refusal). Each logs what it saw, one line per request, for the test to count.
const http = require('node:http');

/**
 * Answers every request with `status` and the service's error envelope, plus `headers` (e.g. a Retry-After of 0,
 * so that the annotator's retries take no time in the test). Resolves to the collection URI.
 */
function failingAzureDevOps(status, headers = {}) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      console.log(`failing-azure-devops: ${req.method} ${req.url}`);
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify({ $id: '1', innerException: null, message: 'Emulated internal server error.', typeName: 'System.Exception', typeKey: 'Exception', errorCode: 0, eventId: 0 }));
    });
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      resolve(`http://127.0.0.1:${server.address().port}/org/`);
    });
  });
}

/** A collection URI where nothing listens (a port that was just freed): every connection is refused. */
function unreachableAzureDevOps() {
  return new Promise((resolve) => {
    const server = http.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = server.address().port;
      server.close(() => resolve(`http://127.0.0.1:${port}/org/`));
    });
  });
}

module.exports = { failingAzureDevOps, unreachableAzureDevOps };
