import { httpBodyLimit } from './http-body-limit.js';

describe('httpBodyLimit', () => {
  it('takes half of what the bus carries: 512 KiB on NATS’s default 1 MiB, 4 MiB on an 8 MiB server', () => {
    expect(httpBodyLimit(1024 * 1024)).toBe(512 * 1024);
    expect(httpBodyLimit(8 * 1024 * 1024)).toBe(4 * 1024 * 1024);
    expect(httpBodyLimit(1001)).toBe(500);
  });
});
