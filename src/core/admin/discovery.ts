import express, { type Request, type Router } from 'express';
// Only the path helper: the package's index would load all of Swagger UI at startup.
import getAbsoluteFSPath from 'swagger-ui-dist/absolute-path.js';
import type { Runtime } from '../boot/runtime.js';
import { CoreError } from '../http/core-error.js';
import { hostName, requestOrigin, trustedHost } from '../http/host.js';
import { adminSpecOf, readSpecFile } from './spec.js';
import { docsPrefills, prefillPlugin } from './docs-auth.js';
import type { Answer } from './types.js';

// Loaded when a spec is asked for as YAML, not at startup.
const yaml = () => import('yaml');

function origin(rt: Runtime, req: Request): string {
  return rt.publicUrl ?? requestOrigin(req, rt.publicUrl);
}

function portUrl(rt: Runtime, req: Request, port: number): string {
  return `${req.protocol}://${hostName(trustedHost(req, rt.publicUrl))}:${port}`;
}

/** Discovery (services, their specs) and the docs page (Swagger UI from the installed package, no CDN). */
export function discoveryRoutes(r: Router, rt: Runtime): void {
  r.get('/services', (req, res) => {
    const base = origin(rt, req);
    res.json({
      services: rt.services.map((s) => {
        const port = rt.servicePorts.get(s.module.name);
        return {
          name: s.module.name,
          title: s.module.title,
          baseUrls: [`${base}/${s.module.name}${s.module.basePath ?? ''}`, ...(port ? [`${portUrl(rt, req, port)}${s.module.basePath ?? ''}`] : [])],
          specUrl: `${base}/__admin/specs/${s.module.name}`,
          demoCredentials: s.module.demoCredentials ?? [],
        };
      }),
    } satisfies Answer<'list_services', 200>);
  });

  r.get('/specs/:service', async (req, res) => {
    const name = req.params['service']!;
    const svc = rt.services.find((s) => s.module.name === name);
    if (!svc && name !== 'admin') throw new CoreError(404, 'unknown_service', `no spec named '${name}'; specs: ${[...rt.services.map((s) => s.module.name), 'admin'].join(', ')}`);
    // Served with Standin's own URL as the server, so "try it out" reaches the stand-in.
    const url = svc ? `${origin(rt, req)}/${name}` : `${origin(rt, req)}/__admin`;
    const doc = { ...(svc ? (svc.spec.served ?? (await readSpecFile(svc.spec.file))) : await adminSpecOf(rt)), servers: [{ url, description: 'Standin' }] };
    if ((req.get('accept') ?? '').includes('yaml')) res.type('application/yaml').send((await yaml()).stringify(doc));
    else res.json(doc);
  });

  r.use('/docs/assets', express.static(getAbsoluteFSPath(), { index: false, fallthrough: false }));
  r.get('/docs/init.js', (_req, res) => {
    const urls = [...rt.services.map((s) => ({ url: `/__admin/specs/${s.module.name}`, name: s.module.title })), { url: '/__admin/specs/admin', name: 'Standin admin API' }];
    res.type('application/javascript').send(
      `${prefillPlugin(docsPrefills(rt))}\nwindow.ui = SwaggerUIBundle({ urls: ${JSON.stringify(urls)}, dom_id: '#swagger-ui', deepLinking: true, presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], plugins: [StandinDemoCredentials], layout: 'StandaloneLayout' });\n`,
    );
  });
  r.get('/docs', (_req, res) => {
    res.type('html').send(`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Standin — API docs</title>
  <link rel="icon" href="/__admin/docs/assets/favicon-32x32.png">
  <link rel="stylesheet" href="/__admin/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/__admin/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/__admin/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script src="/__admin/docs/init.js"></script>
</body>
</html>
`);
  });
}
