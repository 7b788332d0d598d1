'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** Section tabs; the current one is marked for screen readers and styling. */
export function Tabs({ items }: { items: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <nav className="tabs" aria-label="Project sections">
      {items.map((item) => (
        <Link key={item.href} href={item.href} aria-current={pathname === item.href ? 'page' : undefined}>
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
