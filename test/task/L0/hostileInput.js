// A hostile pull request and a server that quotes the Authorization header back: file names and values with
// logging commands, a newline, ANSI escapes, Markdown, HTML and @mentions; a personal-access-token-shaped job
// token (sent as Basic auth). Nothing may run as a logging command, render as Markdown, or reveal the token.
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { runTask, pullRequestBuild, workFolder } = require('./_task');

const PAT = 'patlike0token0for0the0hostile0input0scenario0abc1234';
if (PAT.length !== 52) throw new Error('the token must look like a personal access token (52 characters)');
// Messages show at most 80 characters of a value: the payload is short.
const evil = '<img src=x>@Everyone\\n##vso[task.setvariable variable=fromValue]pwned';
const template = {
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  resources: [
    {
      type: 'Microsoft.Web/sites',
      apiVersion: '2023-01-01',
      name: 'shop',
      location: 'westeurope',
      properties: { httpsOnly: true, siteConfig: { minTlsVersion: 'PLACEHOLDER' } },
    },
  ],
};
const text = JSON.stringify(template, null, 2).replace('"PLACEHOLDER"', JSON.stringify(JSON.parse(`"1.0${evil}"`)));
const dir = workFolder('repo', { 'infra/x\n##vso[task.setvariable variable=fromName]pwned <b>@Everyone</b>.json': text });

const server = http.createServer((req, res) => {
  console.log(`echo-server: ${req.method} ${req.url}`);
  res.writeHead(500, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ message: `Proxy error for request with Authorization: ${req.headers.authorization}`, typeKey: 'ProxyException', errorCode: 0 }));
});
server.listen(0, '127.0.0.1', () => {
  server.unref();
  const pr = pullRequestBuild(`http://127.0.0.1:${server.address().port}/org/`);
  runTask({
    inputs: { scanPath: dir, failOnSeverity: 'high' },
    variables: { ...pr.variables, 'Build.SourcesDirectory': dir },
    env: { ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN: PAT },
  });
});
