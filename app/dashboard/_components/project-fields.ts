import type { Project } from '@/lib/db/schema';
import type { FieldSpec } from './dash-form';

/** The settings fields of CreateProjectDto (subject and template have their own tab). */
export function projectFields(project?: Project): FieldSpec[] {
  return [
    { name: 'name', label: 'Name', defaultValue: project?.name, placeholder: 'My app', required: true },
    {
      name: 'allowedOrigin',
      label: 'Allowed origin',
      type: 'url',
      defaultValue: project?.allowedOrigin,
      placeholder: 'https://app.example.com',
      help: 'Browsers may call the API for this project only from this origin (http only for localhost).',
      required: true,
    },
    {
      name: 'redirectUrl',
      label: 'Redirect URL',
      type: 'url',
      defaultValue: project?.redirectUrl,
      placeholder: 'https://app.example.com/auth/callback',
      help: 'Where Continue on the magic-link page sends the user, with ?code=…&state=….',
      required: true,
    },
    {
      name: 'sessionValidSeconds',
      label: 'Session lifetime (seconds)',
      type: 'number',
      defaultValue: project ? String(project.sessionValidSeconds) : '',
      placeholder: '3600',
      help: 'How long a session lasts at most, refreshed or not: 60 to 31536000; empty means 3600 (one hour).',
    },
    {
      name: 'sessionIdleSeconds',
      label: 'Idle timeout (seconds)',
      type: 'number',
      defaultValue: project && project.sessionIdleSeconds !== null ? String(project.sessionIdleSeconds) : '',
      placeholder: 'none',
      help: 'Optional sliding expiry: a session ends this long after its sign-in or last refresh (POST /api/session/refresh), never beyond the session lifetime. 60 up to the session lifetime; empty means no sliding.',
    },
    {
      name: 'logoUrl',
      label: 'Logo URL',
      type: 'url',
      defaultValue: project?.logoUrl ?? '',
      placeholder: 'https://app.example.com/logo.png',
      help: 'Optional, https. Shown on the sign-in pages and in the default email.',
    },
    {
      name: 'allowSignUp',
      label: 'Allow sign-up',
      type: 'checkbox',
      defaultValue: project && !project.allowSignUp ? 'false' : 'true',
      help: 'Unticked: only addresses that already are users of this project can sign in; new addresses are refused.',
    },
  ];
}
