import Link from 'next/link';
import { EmptyState } from '../../_components/data-table';

export default function ProjectNotFound() {
  return (
    <EmptyState title="Project not found" className="panel">
      It may have been deleted, or it belongs to another organization.{' '}
      <Link href="/dashboard">Back to your projects</Link>.
    </EmptyState>
  );
}
