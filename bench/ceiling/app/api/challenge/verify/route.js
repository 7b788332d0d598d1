import { route } from '../../../handler.js';

export const dynamic = 'force-dynamic';
export const POST = route('POST /api/challenge/verify');
