/**
 * Starts a real Ghost on a free 127.0.0.1 port with a fresh SQLite database, then sets it up over
 * HTTP the way a site owner would: owner, a custom integration (admin key), the owner's staff
 * token, and an Editor and a Contributor who accept their invitations and have tokens of their own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureNode, freePort, log } from '../cache';
import { adminRequest, cookieHeader } from './adminHttp';
import { ensureGhost, type GhostMajor } from './install';

export interface GhostUser { name: string; email: string; password: string; role: string; staffToken: string }

export interface GhostServer {
  major: GhostMajor;
  /** major.minor, as Ghost reports it. */
  version: string;
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
  pid: number;
  contentDir: string;
  integrationKey: string;
  owner: GhostUser;
  editor: GhostUser;
  contributor: GhostUser;
  /** The folder that receives Ghost's email (one file a message). */
  mailDir: string;
  logFile: string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) { try { process.kill(child.pid as number, 'SIGKILL'); } catch { /* already gone */ } }
});

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((c) => stopChild(c)));
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) { running.delete(child); return; }
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
  running.delete(child);
}

function tail(file: string, lines = 30): string {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return ''; }
}

const PASSWORD = (who: string) => `${who}-Pa55word-for-tests!`;

export async function startGhost(opts: { major: GhostMajor; deviceVerification?: boolean; logFile?: string }): Promise<GhostServer> {
  const install = await ensureGhost(opts.major);
  const port = await freePort();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `ghost${opts.major}-`));
  const contentDir = path.join(work, 'content');
  fs.cpSync(path.join(install.dir, 'content'), contentDir, { recursive: true });
  const mailDir = path.join(work, 'mail');
  fs.mkdirSync(mailDir);
  // Ghost's sendmail transport pipes each message to this script, which keeps it for the tests.
  const sendmail = path.join(work, 'sendmail.sh');
  fs.writeFileSync(sendmail, `#!/bin/sh\ncat > "${mailDir}/$(date +%s%N).eml"\n`, { mode: 0o755 });
  const logFile = opts.logFile ?? path.join(work, 'ghost.log');
  const url = `http://127.0.0.1:${port}`;
  // Ghost reads its configuration from the environment (nconf, `__` between levels).
  const env: NodeJS.ProcessEnv = {
    ...install.env,
    NODE_ENV: 'development',
    url,
    server__host: '127.0.0.1',
    server__port: String(port),
    database__client: opts.major === 6 ? 'better-sqlite3' : 'sqlite3',
    database__connection__filename: path.join(work, 'ghost.db'),
    database__useNullAsDefault: 'true',
    paths__contentPath: contentDir,
    mail__transport: 'sendmail',
    mail__from: 'ghost@example.com',
    mail__options__path: sendmail,
    security__staffDeviceVerification: opts.deviceVerification ? 'true' : 'false',
    logging__level: 'warn',
    logging__transports: '["file"]',
    logging__path: work,
  };
  const out = fs.openSync(logFile, 'a');
  const child = spawn(install.node, ['index.js'], { cwd: install.dir, env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  running.add(child);
  const started = Date.now();
  let version = '';
  try {
    version = await waitReady(url, child, logFile);
    log(`Ghost ${version} up on ${url} in ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${child.pid})`);
    const site = { url };
    const users = await provision(site, mailDir, work);
    const server: GhostServer = {
      major: opts.major, version, url, port, pid: child.pid as number, contentDir, mailDir, logFile,
      ...users,
      stop: () => stopChild(child).then(() => fs.rmSync(work, { recursive: true, force: true })),
    };
    return server;
  } catch (e) {
    await stopChild(child);
    throw new Error(`Ghost ${opts.major} did not come up: ${(e as Error).message}\n--- ${logFile} ---\n${tail(logFile)}`);
  }
}

async function waitReady(url: string, child: ChildProcess, logFile: string): Promise<string> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) { throw new Error(`Ghost exited with ${child.exitCode}: ${tail(logFile, 10)}`); }
    try {
      const res = await fetch(`${url}/ghost/api/admin/site/`);
      if (res.status === 200) {
        const body = await res.json() as { site: { version: string } };
        return body.site.version;
      }
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('no answer from /ghost/api/admin/site/ within 120 s');
}

/** The newest six-digit sign-in code in Ghost's mail, after `since` (ms). Ghost puts it in the subject. */
export function latestDeviceCode(mailDir: string, since = 0): string | undefined {
  const files = fs.readdirSync(mailDir).filter((f) => f.endsWith('.eml')).sort().reverse();
  for (const f of files) {
    const p = path.join(mailDir, f);
    if (fs.statSync(p).mtimeMs < since) { continue; }
    const subject = /^Subject: (.*)$/m.exec(fs.readFileSync(p, 'utf8'))?.[1] ?? '';
    const m = /\b(\d{6})\b.*verification code/i.exec(subject);
    if (m?.[1]) { return m[1]; }
  }
  return undefined;
}

/** Signs in, answering Ghost's device check from the mail folder when it asks. */
async function signIn(site: { url: string }, email: string, password: string, mailDir: string): Promise<string> {
  const since = Date.now() - 1000;
  const res = await adminRequest(site, 'POST', 'session/', { body: { username: email, password }, allow: [403] });
  const cookie = cookieHeader(res.headers);
  if (res.status === 403) {
    let code: string | undefined;
    for (let i = 0; i < 40 && !code; i++) {
      code = latestDeviceCode(mailDir, since);
      if (!code) { await new Promise((r) => setTimeout(r, 250)); }
    }
    if (!code) { throw new Error(`Ghost asked ${email} for a device code, but no email with one arrived`); }
    await adminRequest(site, 'PUT', 'session/verify/', { cookie, body: { token: code } });
  }
  return cookie;
}

async function staffToken(site: { url: string }, cookie: string): Promise<string> {
  const res = await adminRequest<{ apiKey: { id: string; secret: string } }>(site, 'GET', 'users/me/token/', { cookie });
  return `${res.body.apiKey.id}:${res.body.apiKey.secret}`;
}

/** Reads an invitation's token from the database, as the emailed link would carry it. */
async function inviteToken(dbFile: string, email: string): Promise<string> {
  const node = await ensureNode(22);
  const script = `const {DatabaseSync}=require('node:sqlite');const db=new DatabaseSync(process.argv[1],{readOnly:true});`
    + `const r=db.prepare('select token from invites where email=? and status=?').get(process.argv[2],'sent');process.stdout.write(r?r.token:'')`;
  const token = await new Promise<string>((resolve, reject) => {
    const child = spawn(node.bin, ['--no-warnings', '-e', script, dbFile, email], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
  });
  if (!token) { throw new Error(`no invitation for ${email} in ${dbFile}`); }
  // Ghost's URL-safe form: '+' and '/' swapped, padding dropped (@tryghost/security url.encodeBase64).
  return token.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function provision(site: { url: string }, mailDir: string, work: string): Promise<Pick<GhostServer, 'integrationKey' | 'owner' | 'editor' | 'contributor'>> {
  const ownerBase = { name: 'Olive Owner', email: 'owner@example.com', password: PASSWORD('Owner'), role: 'Owner' };
  await adminRequest(site, 'POST', 'authentication/setup/', {
    body: { setup: [{ name: ownerBase.name, email: ownerBase.email, password: ownerBase.password, blogTitle: 'Ghost Author Test Site' }] },
  });
  const cookie = await signIn(site, ownerBase.email, ownerBase.password, mailDir);
  const integration = await adminRequest<{ integrations: Array<{ api_keys: Array<{ type: string; id: string; secret: string }> }> }>(
    site, 'POST', 'integrations/?include=api_keys', { cookie, body: { integrations: [{ name: 'Ghost Author tests' }] } });
  const adminKey = integration.body.integrations[0]?.api_keys.find((k) => k.type === 'admin');
  if (!adminKey) { throw new Error('the integration came back without an admin key'); }
  const integrationKey = adminKey.secret.includes(':') ? adminKey.secret : `${adminKey.id}:${adminKey.secret}`;
  const owner = { ...ownerBase, staffToken: await staffToken(site, cookie) };

  const roles = await adminRequest<{ roles: Array<{ id: string; name: string }> }>(site, 'GET', 'roles/?permissions=assign', { cookie });
  const invite = async (name: string, role: string): Promise<GhostUser> => {
    const email = `${role.toLowerCase()}@example.com`;
    const roleId = roles.body.roles.find((r) => r.name === role)?.id;
    if (!roleId) { throw new Error(`no assignable role ${role}`); }
    await adminRequest(site, 'POST', 'invites/', { cookie, body: { invites: [{ email, role_id: roleId }] } });
    const token = await inviteToken(path.join(work, 'ghost.db'), email);
    const password = PASSWORD(role);
    await adminRequest(site, 'POST', 'authentication/invitation/', { body: { invitation: [{ token, email, password, name }] } });
    const userCookie = await signIn(site, email, password, mailDir);
    return { name, email, password, role, staffToken: await staffToken(site, userCookie) };
  };
  const editor = await invite('Eddie Editor', 'Editor');
  const contributor = await invite('Cora Contributor', 'Contributor');
  return { integrationKey, owner, editor, contributor };
}
