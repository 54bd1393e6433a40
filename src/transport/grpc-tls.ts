// TLS for the gRPC channel. To a host name, grpc-js's own; to an IP address, the same handshake without a server
// name (SNI): RFC 6066 allows only host names there, and Node prints DEP0123 for the IP that grpc-js would send.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import * as tls from 'node:tls';
import * as grpc from '@grpc/grpc-js';

type SecureConnector = ReturnType<grpc.ChannelCredentials['_createSecureConnector']>;

/** The host of a `host:port` or `[v6]:port` endpoint. */
function hostOf(endpoint: string): string {
  const bracketed = /^\[([^\]]+)\]/.exec(endpoint);
  if (bracketed) return bracketed[1]!;
  const colon = endpoint.lastIndexOf(':');
  return colon >= 0 && endpoint.indexOf(':') === colon ? endpoint.slice(0, colon) : endpoint;
}

/**
 * Channel credentials for an IP address: the roots and ciphers grpc-js
 * would use (GRPC_DEFAULT_SSL_ROOTS_FILE_PATH, GRPC_SSL_CIPHER_SUITES, else
 * Node's), ALPN h2, the certificate checked against the IP, no SNI.
 */
class IpAddressTlsCredentials extends grpc.ChannelCredentials {
  readonly #host: string;
  readonly #context: tls.SecureContext;

  constructor(host: string) {
    super();
    this.#host = host;
    const rootsFile = process.env.GRPC_DEFAULT_SSL_ROOTS_FILE_PATH;
    this.#context = tls.createSecureContext({
      ca: rootsFile ? readFileSync(rootsFile) : undefined,
      ciphers: process.env.GRPC_SSL_CIPHER_SUITES,
    });
  }

  override _isSecure(): boolean {
    return true;
  }

  override _equals(other: grpc.ChannelCredentials): boolean {
    return other === this;
  }

  override _createSecureConnector(_target: unknown, _options: unknown, callCredentials?: grpc.CallCredentials): SecureConnector {
    const credentials = callCredentials ?? grpc.credentials.createEmpty();
    const host = this.#host;
    const secureContext = this.#context;
    return {
      connect: (socket) =>
        new Promise((resolve, reject) => {
          // No servername: Node then checks the certificate against `host`, the IP address.
          const secured = tls.connect({ socket, host, secureContext, ALPNProtocols: ['h2'] }, () => {
            if (!secured.authorized) reject(secured.authorizationError);
            else resolve({ socket: secured, secure: true });
          });
          secured.on('error', reject);
        }),
      waitForReady: () => Promise.resolve(),
      getCallCredentials: () => credentials,
      destroy: () => {},
    };
  }
}

/** TLS channel credentials for a `host:port` endpoint: grpc-js's for a host name, ones that send no SNI for an IP address. */
export function tlsCredentials(endpoint: string): grpc.ChannelCredentials {
  const host = hostOf(endpoint);
  return isIP(host) ? new IpAddressTlsCredentials(host) : grpc.credentials.createSsl();
}
