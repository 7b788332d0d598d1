import type { Project } from '@/lib/db/schema';
import type { FieldSpec } from './dash-form';

/** The settings fields of CreateProjectDto (subject and template have their own tab). */
export function projectFields(project?: Project): FieldSpec[] {
  return [
    { name: 'name', label: 'Name', defaultValue: project?.name, placeholder: 'My app', required: true },
    {
      name: 'allowedOrigins',
      label: 'Allowed origins',
      type: 'textarea',
      defaultValue: project?.allowedOrigins.join('\n'),
      placeholder: 'https://app.example.com\nhttp://localhost:5173',
      help: 'One origin per line, up to 20 (production, staging, previews, local development): browsers may call the API for this project only from these (http only for localhost).',
      required: true,
    },
    {
      name: 'redirectUrls',
      label: 'Redirect URLs',
      type: 'textarea',
      defaultValue: project?.redirectUrls.join('\n'),
      placeholder: 'https://app.example.com/auth/callback\nhttp://localhost:5173/auth/callback',
      help: 'One URL per line, up to 20: where Continue on the magic-link page sends the user, with ?code=…&state=…. The first unless a send names another.',
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
