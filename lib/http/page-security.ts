// Security headers of every HTML page (set by proxy.ts). Scripts run only with this
// response's nonce ('strict-dynamic' lets Next's own loader add its chunks), so an
// injected inline script or a script from elsewhere never runs.
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

export function contentSecurityPolicy(nonce: string, development = process.env.NODE_ENV === 'development'): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code for its debugging tools.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' https: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    // no form-action: Continue's form post is answered with a redirect to the app's
    // own callback, and browsers hold redirects after a form post to form-action too.
    "frame-ancestors 'none'",
  ].join('; ');
}

export const pageSecurityHeaders: Record<string, string> = {
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};
