import { describe, expect, it } from 'vitest';
import { OperationsClient } from '../../src/index.js';

describe('insecure is for loopback', () => {
  it.each([
    ['127.0.0.1:8080', 'grpc'],
    ['127.45.6.7:1', 'grpc'],
    ['localhost:50051', 'grpc'],
    ['[::1]:50051', 'grpc'],
    ['http://127.0.0.1:8080', 'rest'],
    ['http://localhost', 'rest'],
    ['http://[::1]:9', 'rest'],
  ] as const)('takes %s over %s', (endpoint, transport) => {
    using client = new OperationsClient({ endpoint, transport, insecure: true });
    expect(client.endpoint).toBe(endpoint);
  });

  it.each([
    ['storagetransfer.googleapis.com:443', 'grpc'],
    ['10.1.2.3:50051', 'grpc'],
    ['128.0.0.1:1', 'grpc'],
    ['[2001:db8::1]:443', 'grpc'],
    ['http://example.test:8080', 'rest'],
    ['http://localhost.example.test', 'rest'],
  ] as const)('refuses %s over %s, naming the option that would allow it', (endpoint, transport) => {
    expect(() => new OperationsClient({ endpoint, transport, insecure: true })).toThrow(TypeError);
    expect(() => new OperationsClient({ endpoint, transport, insecure: true })).toThrow(/dangerouslyAllowInsecureRemote/);
    using client = new OperationsClient({ endpoint, transport, insecure: true, dangerouslyAllowInsecureRemote: true });
    expect(client.endpoint).toBe(endpoint);
  });

  it('TLS to a remote host needs no such option', () => {
    using client = new OperationsClient({ endpoint: 'storagetransfer.googleapis.com:443', auth: { getRequestHeaders: async () => ({}) } });
    expect(client.transport).toBe('grpc');
  });
});
