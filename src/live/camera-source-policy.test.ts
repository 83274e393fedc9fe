// Issue 12: camera sources only from configured hosts and folders. The pure rules (URLs, addresses,
// paths) and the vetting over the real file system (symlinks, `..`) and the system resolver, then
// a camera feed whose host resolves to a refused address: it fails with a code, reads nothing.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CameraFeed } from './camera-feed.ts';
import {
  CameraSourceRefused,
  checkUrl,
  isHostRule,
  normaliseAddress,
  type CameraSourceRefusal,
  type CameraSourceRules,
} from './camera-source-policy.ts';
import { CameraSourcePolicy, type CameraSourcePolicyOptions } from './camera-source-vetting.ts';

const work = mkdtempSync(join(tmpdir(), 'vigil-camera-sources-'));
const dataDir = join(work, 'data');
const footage = join(dataDir, 'footage');
const secrets = join(dataDir, 'secrets');
mkdirSync(footage, { recursive: true });
mkdirSync(secrets, { recursive: true });
writeFileSync(join(secrets, 'media.key'), 'not for cameras');
writeFileSync(join(footage, 'street.mp4'), 'a clip');
symlinkSync(join(secrets, 'media.key'), join(footage, 'innocent.mp4'));
symlinkSync(secrets, join(footage, 'folder'));
after(() => rmSync(work, { recursive: true, force: true }));

const API_PORT = 8080;
const rules = (o: Partial<CameraSourceRules> = {}): CameraSourceRules => ({
  schemes: ['rtsp', 'rtsps', 'http', 'https'],
  hosts: [],
  fileRoots: [footage],
  deniedPaths: [secrets],
  selfPorts: [API_PORT],
  selfAddresses: ['10.1.2.3'],
  ...o,
});
const policy = (o: Partial<CameraSourcePolicyOptions> = {}) =>
  new CameraSourcePolicy({
    schemes: ['rtsp', 'rtsps', 'http', 'https'],
    hosts: [],
    fileRoots: [footage],
    deniedPaths: [secrets],
    selfPorts: [API_PORT],
    selfAddresses: () => ['10.1.2.3'],
    ...o,
  });

const refusedFor = (reason: CameraSourceRefusal) => (e: unknown) =>
  e instanceof CameraSourceRefused && e.reason === reason && e.code === 'camera-source-refused';

describe('camera source rules (issue 12)', () => {
  it('local files: /etc/passwd and the secrets folder are refused, also through .. and symlinks', async () => {
    const p = policy();
    await assert.rejects(p.vet({ kind: 'file', path: '/etc/passwd' }), refusedFor('path-not-allowed'));
    await assert.rejects(p.vet({ kind: 'folder', path: secrets }), refusedFor('path-forbidden'));
    await assert.rejects(
      p.vet({ kind: 'file', path: join(footage, '..', 'secrets', 'media.key') }),
      refusedFor('path-forbidden'),
    );
    await assert.rejects(p.vet({ kind: 'file', path: join(footage, 'innocent.mp4') }), refusedFor('path-forbidden'));
    await assert.rejects(p.vet({ kind: 'folder', path: join(footage, 'folder') }), refusedFor('path-forbidden'));
    await assert.rejects(p.vet({ kind: 'file', path: 'street.mp4' }), refusedFor('bad-source'));
    // Even a root that holds the secrets does not open them.
    await assert.rejects(
      policy({ fileRoots: [dataDir] }).vet({ kind: 'file', path: join(secrets, 'media.key') }),
      refusedFor('path-forbidden'),
    );
  });

  it('local files under a configured root are accepted, as their real path (one not yet there too)', async () => {
    const p = policy();
    assert.deepEqual(await p.vet({ kind: 'file', path: join(footage, 'street.mp4'), loop: true }), {
      kind: 'file',
      path: join(footage, 'street.mp4'),
      loop: true,
    });
    assert.equal(
      (await p.vet({ kind: 'file', path: join(footage, 'later', 'x.mp4') })).path,
      join(footage, 'later', 'x.mp4'),
    );
  });

  it('the metadata service and link-local addresses are refused whatever is listed', async () => {
    const open = policy({ hosts: ['0.0.0.0/0', '::/0', 'localhost'] });
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:169.254.169.254]/latest/meta-data/',
      'rtsp://[fe80::1]/stream',
      'http://[fd00:ec2::254]/latest/meta-data/',
      'http://0.0.0.0:9000/',
    ]) {
      await assert.rejects(
        open.vet({ kind: url.startsWith('rtsp') ? 'rtsp' : 'http', url }),
        refusedFor('address-forbidden'),
        url,
      );
    }
  });

  it("Vigil's own API is refused, on loopback and on this host's addresses, even with them listed", async () => {
    const open = policy({ hosts: ['localhost', '10.0.0.0/8'] });
    await assert.rejects(
      open.vet({ kind: 'http', url: `http://127.0.0.1:${API_PORT}/v1/users` }),
      refusedFor('self-address'),
    );
    await assert.rejects(
      open.vet({ kind: 'http', url: `http://[::1]:${API_PORT}/v1/users` }),
      refusedFor('self-address'),
    );
    await assert.rejects(
      open.vet({ kind: 'http', url: `http://10.1.2.3:${API_PORT}/v1/users` }),
      refusedFor('self-address'),
    );
    // Loopback is not a camera host unless it is listed.
    await assert.rejects(
      policy().vet({ kind: 'http', url: 'http://127.0.0.1:9000/cam' }),
      refusedFor('loopback-not-allowed'),
    );
    await open.vet({ kind: 'http', url: 'http://127.0.0.1:9000/cam.mjpg' });
  });

  it('RTSP and HTTP reach only listed hosts: an allowed RTSP host is accepted, others refused', async () => {
    const p = policy({
      hosts: ['cam1.example.org', '*.cams.example.org', '192.0.2.0/24'],
      resolveHost: async () => ['192.0.2.7'],
    });
    await p.vet({ kind: 'rtsp', url: 'rtsp://viewer:secret@CAM1.example.org:554/stream1' });
    await p.vet({ kind: 'rtsp', url: 'rtsps://north.cams.example.org/stream1' });
    await p.vet({ kind: 'rtsp', url: 'rtsp://192.0.2.10/stream1' });
    await assert.rejects(p.vet({ kind: 'rtsp', url: 'rtsp://198.51.100.1/stream1' }), refusedFor('host-not-allowed'));
    await assert.rejects(
      policy().vet({ kind: 'rtsp', url: 'rtsp://cam1.example.org/s' }),
      refusedFor('host-not-allowed'),
    );
    await assert.rejects(p.vet({ kind: 'rtsp', url: 'http://cam1.example.org/s' }), refusedFor('scheme-not-allowed'));
    await assert.rejects(
      policy({ schemes: ['rtsps'], hosts: ['cam1.example.org'] }).vet({
        kind: 'rtsp',
        url: 'rtsp://cam1.example.org/s',
      }),
      refusedFor('scheme-not-allowed'),
    );
    await assert.rejects(p.vet({ kind: 'rtsp' }), refusedFor('bad-source'));
    // A decimal address in a non-special URL is a name to the URL parser: unlisted, refused.
    assert.throws(() => checkUrl(rules(), 'rtsp', 'rtsp://2852039166/'), refusedFor('host-not-allowed'));
  });

  it('a host name resolving to a refused address is refused (the resolver is asked every time)', async () => {
    const answers = [['192.0.2.7'], ['169.254.169.254']];
    const p = policy({ hosts: ['cam1.example.org'], resolveHost: async () => answers.shift() ?? [] });
    await p.vet({ kind: 'rtsp', url: 'rtsp://cam1.example.org/stream1' });
    await assert.rejects(
      p.vet({ kind: 'rtsp', url: 'rtsp://cam1.example.org/stream1' }),
      refusedFor('address-forbidden'),
    );
    // The system resolver: `localhost` is loopback, which a listed range does not make a camera host.
    await assert.rejects(
      policy({ hosts: ['10.0.0.0/8'] }).vet({ kind: 'http', url: 'http://localhost:9000/cam' }),
      (e: unknown) =>
        e instanceof CameraSourceRefused && ['loopback-not-allowed', 'host-not-allowed'].includes(e.reason),
    );
  });

  it('a feed whose host resolves to a refused address fails with a code and never connects', async () => {
    const p = policy({ hosts: ['cam1.example.org'], resolveHost: async () => ['169.254.169.254'] });
    let opened = false;
    const feed = new CameraFeed({
      cameraId: 'c1',
      source: { kind: 'http', url: 'http://cam1.example.org/latest/meta-data/' },
      analysisFps: 5,
      vetSource: async (s) => {
        const vetted = await p.vet(s);
        opened = true;
        return vetted;
      },
    }).start();
    assert.equal(await feed.pull(), undefined);
    const status = feed.status();
    assert.equal(status.state, 'failed');
    assert.equal(status.lastReason, 'source-refused');
    assert.equal(opened, false);
    await feed.stop();
  });

  it('addresses inside IPv6 are judged as IPv4; host rules are validated', () => {
    assert.deepEqual(normaliseAddress('[::ffff:a9fe:a9fe]'), { address: '169.254.169.254', family: 'ipv4' });
    assert.deepEqual(normaliseAddress('64:ff9b::169.254.169.254'), { address: '169.254.169.254', family: 'ipv4' });
    assert.equal(normaliseAddress('cam1.example.org'), undefined);
    for (const ok of ['cam1.example.org', '*.cams.example.org', '10.0.0.0/8', 'fd00::/8', '192.0.2.7', 'localhost']) {
      assert.ok(isHostRule(ok), ok);
    }
    for (const bad of ['http://cam', '10.0.0.0/33', 'cam one', '*', '10.0.0.0/8/1']) assert.ok(!isHostRule(bad), bad);
  });
});
