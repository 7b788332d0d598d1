import Link from 'next/link';

export default function ProjectNotFound() {
  return (
    <div className="panel empty">
      <strong>Project not found</strong>
      It may have been deleted, or it belongs to another organization.{' '}
      <Link href="/dashboard">Back to your projects</Link>.
    </div>
  );
}
