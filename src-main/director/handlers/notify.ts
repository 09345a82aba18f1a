import type { Handlers } from '../../../shared/contract.js';
import { notifyDepsFrom } from '../notify/notify-deps.js';
import { previewMessage } from '../notify/preview.js';
import { sendTestMail } from '../notify/test-mail.js';
import type { DirectorServices } from '../services.js';

export const notifyHandlers = (d: DirectorServices): Pick<Handlers, 'notify.preview' | 'notify.test'> => ({
  'notify.preview': async (input) => previewMessage(notifyDepsFrom(d), input),
  'notify.test': async (input) => sendTestMail(notifyDepsFrom(d), input.to),
});
