import { route } from '../../handler.js';

export const dynamic = 'force-dynamic';
export const GET = route('GET /api/user');
