import type { ReactNode } from 'react';
import { requireAccount } from '@/lib/dashboard/cookie';

// Outside this section's loading boundary, so that a person without an organization is
// redirected with a real 307 before anything streams (a redirect from inside the boundary
// would arrive after a 200).
export default async function OrganizationSectionLayout({ children }: { children: ReactNode }) {
  await requireAccount();
  return children;
}
