import { execFileSync } from 'node:child_process'
import { createHash, createPublicKey } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A self-signed certificate made at test time, with its SPKI hash for Chromium's allow-list. */
export interface TestCertificate {
  key: string
  cert: string
  /** base64 SHA-256 of the SubjectPublicKeyInfo: `--ignore-certificate-errors-spki-list=<this>`. */
  spki: string
}

/** The machine's openssl, or a clear error saying how to get it. */
export function requireOpenssl(): string {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe', timeout: 10_000 })
    return 'openssl'
  } catch {
    throw new Error('The browser suite makes its TLS certificate with openssl, which is missing: sudo apt-get install -y openssl')
  }
}

/** Makes a one-day P-256 certificate whose SANs name every host the suite serves. */
export function makeCertificate(hosts: readonly string[]): TestCertificate {
  const openssl = requireOpenssl()
  const dir = mkdtempSync(join(tmpdir(), 'corsa-e2e-cert-'))
  try {
    const keyFile = join(dir, 'key.pem')
    const certFile = join(dir, 'cert.pem')
    execFileSync(
      openssl,
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '1',
        '-subj',
        '/CN=corsa e2e',
        '-addext',
        `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}`,
        '-addext',
        'extendedKeyUsage=serverAuth',
      ],
      { stdio: 'pipe', timeout: 30_000 },
    )
    const cert = readFileSync(certFile, 'utf8')
    const der = createPublicKey(cert).export({ type: 'spki', format: 'der' })
    return { key: readFileSync(keyFile, 'utf8'), cert, spki: createHash('sha256').update(der).digest('base64') }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
