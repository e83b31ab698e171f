// Ceiling (b): Express 5 with express.json() — the same fixed 200 JSON.
import express from 'express';

const app = express();
app.use(express.json({ limit: '16mb' }));
app.use((_req, res) => {
  res.json({ result: 'ok' });
});
const server = app.listen(0, '127.0.0.1', () => console.log(`LISTENING ${(server.address() as { port: number }).port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
