import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseMime, startTestSmtp, type TestSmtpServer } from '../src-main/director/notify/testing/smtp-fixture.js';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { readmeShot } from './fixtures/readme-shot.js';

let director: RunningDirector;
let smtp: TestSmtpServer;
const login = { user: 'office', pass: 'pa55 w0rd!' };
test.beforeEach(async () => {
  director = await startDirector();
  smtp = await startTestSmtp({ security: 'none', auth: login });
});
test.afterEach(async () => {
  await director.stop();
  await smtp.close();
});

/** A screenshot for the docs; `tall` shows a long dialog whole (the window grows for the picture only). */
async function shot(page: Page, name: string, tall = false) {
  const size = page.viewportSize()!;
  if (tall) await page.setViewportSize({ width: size.width, height: 1400 });
  await readmeShot(page, name);
  if (tall) await page.setViewportSize(size);
}
const settingsFile = () => readFile(join(director.configDir, 'settings.json'), 'utf8');
const pick = (scope: Locator, label: string) => scope.locator('label').filter({ hasText: label }).first().click();
const box = (scope: Locator, name: string) => scope.getByRole('textbox', { name, exact: true });

/** The text a field's aria-describedby points at (its description and error message). */
async function describedText(target: Locator): Promise<string> {
  const ids = ((await target.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  const texts = await Promise.all(ids.map((id) => target.page().locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

async function openNotificationTab(page: Page) {
  await page.goto(director.consoleUrl);
  await page.getByRole('tab', { name: 'Notification' }).click();
  await expect(page.getByRole('heading', { name: 'HotBackup Notification' })).toBeVisible();
}

async function openServerDialog(page: Page) {
  await page.getByRole('button', { name: 'Configure E-mail Server' }).click();
  return page.getByRole('dialog', { name: 'Configure E-mail Server' });
}

async function fillServer(dialog: Locator) {
  await box(dialog, 'SMTP server').fill('127.0.0.1');
  await pick(dialog, 'None (unencrypted)');
  await box(dialog, 'Port').fill(String(smtp.port));
  await box(dialog, 'User name').fill(login.user);
  await dialog.getByLabel('Password', { exact: true }).fill(login.pass);
  await box(dialog, 'From address').fill('backup@office.example');
  await box(dialog, 'From name').fill('Office HotBackup');
}

test('acceptance 2: configure the SMTP server, send a test e-mail and see the server answer; the password is write-only', async ({ page }) => {
  await openNotificationTab(page);
  await expect(page.getByTestId('server-summary')).toContainText('No e-mail server is configured yet');
  const dialog = await openServerDialog(page);
  await expect(dialog.getByTestId('password-state')).toHaveText('Password: not set');

  // The port follows the security choice…
  const port = box(dialog, 'Port');
  await expect(port).toHaveValue('587');
  await pick(dialog, 'TLS (SSL)');
  await expect(port).toHaveValue('465');
  await pick(dialog, 'None (unencrypted)');
  await expect(port).toHaveValue('25');
  await pick(dialog, 'STARTTLS');
  await expect(port).toHaveValue('587');
  // …until the admin types a port of their own.
  await port.fill('2525');
  await pick(dialog, 'TLS (SSL)');
  await expect(port).toHaveValue('2525');

  await fillServer(dialog);
  await box(dialog, 'Send test e-mail to').fill('admin@office.example');
  await dialog.getByRole('button', { name: 'Send test e-mail' }).click();
  const result = dialog.getByTestId('test-mail-result');
  await expect(result).toHaveAttribute('role', 'status');
  await expect(result).toContainText(`Test e-mail sent to admin@office.example through 127.0.0.1:${smtp.port}. The server answered: 250`);
  await shot(page, 'notification-email-server-dialog', true);
  expect(smtp.mails).toHaveLength(1);
  expect(smtp.mails[0]).toMatchObject({ to: ['admin@office.example'], user: login.user, from: 'backup@office.example' });
  expect(parseMime(smtp.mails[0]!.raw).text).toContain('This is a test e-mail from HotBackup');

  // Saved first; the password is stored sealed, shown only as "set", never read back.
  await expect(dialog.getByTestId('password-state')).toContainText('Password: set');
  await expect(dialog.getByLabel('Password', { exact: true })).toHaveValue('');
  const saved = await settingsFile();
  expect(saved).not.toContain(login.pass);
  expect(JSON.parse(saved).email.server).toMatchObject({ host: '127.0.0.1', port: smtp.port, security: 'none', username: 'office' });
  expect(JSON.parse(saved).email.server.passwordSealed).toEqual(expect.any(String));
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('server-summary')).toContainText(`127.0.0.1:${smtp.port}`);

  // A wrong password gives the server's refusal, shown as an error.
  const again = await openServerDialog(page);
  await again.getByLabel('Password', { exact: true }).fill('wrong');
  await again.getByRole('button', { name: 'Send test e-mail' }).click();
  await expect(again.getByTestId('test-mail-result')).toHaveAttribute('role', 'alert');
  await expect(again.getByTestId('test-mail-result')).toContainText('Test e-mail not sent');
  expect(smtp.mails).toHaveLength(1);
});

test('acceptance 2: create a failure message with the placeholder picker and see its live preview', async ({ page }) => {
  await openNotificationTab(page);
  await page.getByRole('button', { name: 'Add New Message' }).click();
  const dialog = page.getByRole('dialog', { name: 'Notification Message' });
  await box(dialog, 'Message name').fill('Backup failed – office manager');
  await expect(dialog.getByRole('radio', { name: 'When a HotBackup fails' })).toBeChecked();
  await box(dialog, 'To').fill('manager@office.example, it@office.example');
  await box(dialog, 'Cc').fill('owner@office.example');
  const subject = box(dialog, 'Subject');
  await subject.fill('HotBackup {{result}}: ');
  await subject.press('End');
  await dialog.getByRole('button', { name: 'Insert placeholder…' }).click();
  await page.getByRole('menuitem', { name: /\{\{error\}\}/ }).click();
  await expect(subject).toHaveValue('HotBackup {{result}}: {{error}}');

  const preview = dialog.getByTestId('preview');
  // The preview follows the typing: the inserted {{error}} is filled with the sample failure's reason.
  await expect(preview).toContainText(/Subject: HotBackup Failed: \S/);
  await expect(preview).not.toContainText('{{');
  await shot(page, 'notification-message-dialog', true);
  await pick(dialog, 'a successful HotBackup');
  await expect(preview).toContainText('Subject: HotBackup Succeeded');

  await dialog.getByRole('button', { name: 'Save message' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('grid', { name: 'E-mail messages' }).getByRole('row').filter({ hasText: 'Backup failed – office manager' });
  await expect(row).toContainText('On failure');
  await expect(row).toContainText('manager@office.example, it@office.example');
  await expect(row.getByRole('switch', { name: 'Enabled: Backup failed – office manager' })).toBeChecked();

  // Edit it: the dialog opens with the saved values.
  await row.getByRole('button', { name: 'Edit message Backup failed – office manager' }).click();
  const edit = page.getByRole('dialog', { name: 'Notification Message' });
  await expect(box(edit, 'Subject')).toHaveValue('HotBackup {{result}}: {{error}}');
  await box(edit, 'Cc').fill('owner@office.example; accountant@office.example');
  await edit.getByRole('button', { name: 'Save message' }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText('accountant@office.example');

  // Disable it from the list; it persists across a reload and is in settings.json as typed.
  await row.locator('label.switch').click();
  await expect(row.getByRole('switch')).not.toBeChecked();
  await page.reload();
  await page.getByRole('tab', { name: 'Notification' }).click();
  await expect(row.getByRole('switch')).not.toBeChecked();
  await shot(page, 'notification-tab');
  const [m] = JSON.parse(await settingsFile()).email.messages;
  expect(m).toMatchObject({
    name: 'Backup failed – office manager',
    enabled: false,
    when: 'failure',
    to: ['manager@office.example', 'it@office.example'],
    cc: ['owner@office.example', 'accountant@office.example'],
    subject: 'HotBackup {{result}}: {{error}}',
  });
  await row.getByRole('button', { name: 'Delete message Backup failed – office manager' }).click();
  await page.getByRole('dialog', { name: 'Delete Message' }).getByRole('button', { name: 'Delete' }).click();
  await expect(row).toHaveCount(0);
  expect(JSON.parse(await settingsFile()).email.messages).toEqual([]);
});

const serverCases: { field: string; value: string; message: RegExp }[] = [
  { field: 'SMTP server', value: '', message: /No SMTP server is given/ },
  { field: 'SMTP server', value: 'smtp://mail.example.com', message: /is an address, not a server name/ },
  { field: 'Port', value: '70000', message: /Port "70000" is not a port number: enter a whole number from 1 to 65535/ },
  { field: 'From address', value: 'backup@', message: /"backup@" is not an e-mail address/ },
  { field: 'Timeout (seconds)', value: '0', message: /Timeout "0" is not allowed: enter a whole number of seconds from 1 to 300/ },
  { field: 'Password', value: '', message: /The user name "office" needs a password/ },
];
for (const c of serverCases) {
  test(`Configure E-mail Server: ${c.field} "${c.value}" shows its message and saves nothing`, async ({ page }) => {
    await openNotificationTab(page);
    const before = await settingsFile();
    const dialog = await openServerDialog(page);
    await fillServer(dialog);
    const input = c.field === 'Password' ? dialog.getByLabel('Password', { exact: true }) : box(dialog, c.field);
    await input.fill(c.value);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(await describedText(input)).toMatch(c.message);
    await expect(dialog.getByRole('alert').filter({ hasText: 'Nothing was saved' })).toBeVisible();
    expect(await settingsFile()).toBe(before);
  });
}

test('Send test e-mail to a malformed address sends nothing and saves nothing', async ({ page }) => {
  await openNotificationTab(page);
  const before = await settingsFile();
  const dialog = await openServerDialog(page);
  await fillServer(dialog);
  const to = box(dialog, 'Send test e-mail to');
  await to.fill('admin@');
  await dialog.getByRole('button', { name: 'Send test e-mail' }).click();
  await expect(to).toHaveAttribute('aria-invalid', 'true');
  expect(await describedText(to)).toMatch(/"admin@" is not an e-mail address/);
  expect(smtp.connections).toBe(0);
  expect(await settingsFile()).toBe(before);
});

const messageCases: { field: string; value: string; message: RegExp }[] = [
  { field: 'Message name', value: '', message: /No name is given/ },
  { field: 'To', value: '', message: /No recipient is given: enter at least one address in To/ },
  { field: 'To', value: 'manager@office.example, bob@', message: /"bob@" in To is not an e-mail address/ },
  { field: 'Cc', value: 'owner', message: /"owner" in Cc is not an e-mail address/ },
  { field: 'Subject', value: 'HotBackup {{reslt}}', message: /The subject uses \{\{reslt\}\}, which HotBackup does not know/ },
  { field: 'Message', value: 'Run {{ backupId }} ended', message: /The message uses \{\{backupId\}\}, which HotBackup does not know/ },
];
for (const c of messageCases) {
  test(`Notification Message: ${c.field} "${c.value}" shows its message and saves nothing`, async ({ page }) => {
    await openNotificationTab(page);
    const before = await settingsFile();
    await page.getByRole('button', { name: 'Add New Message' }).click();
    const dialog = page.getByRole('dialog', { name: 'Notification Message' });
    await box(dialog, 'Message name').fill('Failures');
    await box(dialog, 'To').fill('manager@office.example');
    const input = box(dialog, c.field);
    await input.fill(c.value);
    await dialog.getByRole('button', { name: 'Save message' }).click();
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(await describedText(input)).toMatch(c.message);
    await expect(dialog.getByRole('alert').filter({ hasText: 'Nothing was saved' })).toBeVisible();
    if (c.field === 'Subject') await shot(page, 'notification-message-error', true);
    expect(await settingsFile()).toBe(before);
  });
}

test('acceptance 6: the Notification tab and its dialogs have no serious or critical axe violations', async ({ page }) => {
  await openNotificationTab(page);
  const scan = async () => {
    const result = await new AxeBuilder({ page }).analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  };
  expect(await scan()).toEqual([]);
  const server = await openServerDialog(page);
  await expect(server).toBeVisible();
  expect(await scan()).toEqual([]);
  await server.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Add New Message' }).click();
  await expect(page.getByTestId('preview')).toBeVisible();
  expect(await scan()).toEqual([]);
});
