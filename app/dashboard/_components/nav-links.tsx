'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const items = [
  {
    href: '/dashboard',
    label: 'Projects',
    match: (p: string) => p === '/dashboard' || p.startsWith('/dashboard/projects'),
  },
  { href: '/dashboard/keys', label: 'Secret keys' },
  { href: '/dashboard/members', label: 'Members' },
  { href: '/dashboard/audit', label: 'Audit log' },
  { href: '/docs', label: 'API reference' },
];

/** The dashboard's top navigation; the current section is marked. */
export function NavLinks() {
  const pathname = usePathname();
  return (
    <nav aria-label="Dashboard">
      {items.map((item) => {
        const isCurrent = item.match ? item.match(pathname) : pathname.startsWith(item.href);
        return (
          <Link key={item.href} href={item.href} aria-current={isCurrent ? 'page' : undefined}>
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
