/**
 * zod, configured once for extension pages: its JIT compiles validators with `new Function`,
 * which the extensions' content security policy forbids (and Firefox's review flags).
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
