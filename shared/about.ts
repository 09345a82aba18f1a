import { z } from 'zod';
import { Identity } from './roles.js';

/** `about.get`: what the console shows under About, and who this connection is signed in as. */
export const About = z.object({
  /** https://HOST:PORT when the Director serves the network; null on this machine only. */
  url: z.string().nullable(),
  /** The certificate's SHA-256 fingerprint, to compare with what the browser or CLI shows. */
  fingerprint: z.string().nullable(),
  signedInAs: Identity,
});
export type About = z.infer<typeof About>;
