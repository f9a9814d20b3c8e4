// Browser tests of the admin page: the real `target/debug/mscommerce serve --demo` on a free
// port, Debian's Chromium (/usr/bin/chromium) driven by playwright-core, axe-core for WCAG 2.1
// A/AA. Screenshots of every view at 375 and 1440 px in en-US and zh-TW go to
// target/screenshots/. Run: node tests/browser/run.mjs (after cargo build -p mscommerce).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const PASSWORD = "demo-password";
const POWER_BI_PRO = "CFQ7TTC0H9MP";
const shots = join(root, "target", "screenshots");

function assert(ok, message) {
  if (!ok) throw new Error(message);
}

const bin = process.env.MSCOMMERCE_BIN || join(root, "target", "debug", "mscommerce");

/** Starts a demo server (with `extra` arguments); resolves with its URL, data directory and a
 * stop function. */
function startServer(extra = []) {
  const dataDir = mkdtempSync(join(tmpdir(), "msc-browser-"));
  const child = spawn(bin, ["serve", "--demo", "--listen", "127.0.0.1:0", "--data-dir", dataDir, ...extra], {
    env: { HOME: dataDir, MSCOMMERCE_LOG: "warn", PATH: process.env.PATH },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error("serve --demo did not start in 60 s")), 60000);
    let buffered = "";
    child.stdout.on("data", (chunk) => {
      buffered += chunk.toString();
      const m = buffered.match(/Listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolveUrl({
          url: m[1],
          dataDir,
          stop: () => {
            child.kill("SIGKILL");
            rmSync(dataDir, { recursive: true, force: true });
          },
        });
      }
    });
    child.on("exit", (code) => reject(new Error(`serve --demo exited with ${code}`)));
  });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
const server = await startServer();
const base = server.url;

/** A fresh browser context (its own cookies), signed in as `upn` through the PKCE flow. */
async function signedIn(upn, options = {}) {
  const context = await browser.newContext({ baseURL: base, ...options });
  const page = await context.newPage();
  await page.goto("/");
  await page.click("a[href='/signin']");
  await page.waitForURL(/oauth2\/v2\.0\/authorize/);
  await page.fill("input[name=username]", upn);
  await page.fill("input[name=password]", PASSWORD);
  await Promise.all([page.waitForURL(`${base}/`), page.click("form button[type=submit]:not([name])")]);
  return { context, page };
}

async function valueOf(page, product) {
  return (await page.locator(`li[data-product='${product}'] summary .value`).textContent()).trim();
}

async function products(page) {
  return page.locator("li[data-product]").evaluateAll((els) => els.map((e) => e.dataset.product));
}

async function savePanel(page, product, value) {
  const li = page.locator(`li[data-product='${product}']`);
  await li.locator("summary").click();
  await li.locator(`input[type=radio][value=${value}]`).check();
  await Promise.all([page.waitForNavigation(), li.locator("form.panel button[type=submit]").click()]);
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test("an admin signs in through PKCE, disables a product and sees it after a reload", async () => {
  const { context, page } = await signedIn("admin@contoso.example");
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === "msc_session");
  assert(session && session.httpOnly && session.sameSite === "Lax", "session cookie HttpOnly, SameSite=Lax");
  const stored = await page.evaluate(() => JSON.stringify(localStorage) + document.cookie + location.href);
  assert(!stored.includes("eyJ"), "no token visible to the page's script");
  await savePanel(page, POWER_BI_PRO, "Disabled");
  await page.reload();
  assert((await valueOf(page, POWER_BI_PRO)) === "Do not allow", "disabled after reload");
  await context.close();
});

test("an admin changes five products at once and sets the default", async () => {
  const { context, page } = await signedIn("admin@contoso.example");
  const ids = (await products(page)).filter((p) => p !== POWER_BI_PRO).slice(0, 5);
  for (const id of ids) await page.check(`#pick-${id}`);
  await page.selectOption("#bulk select[name=value]", "Disabled");
  await Promise.all([page.waitForNavigation(), page.click("#bulk button[type=submit]")]);
  assert((await page.textContent("main")).includes("5 products saved"), "bulk saved");
  for (const id of ids) assert((await valueOf(page, id)) === "Do not allow", `${id} disabled`);
  await page.selectOption("form[action='/default'] select[name=value]", "Disabled");
  await Promise.all([page.waitForNavigation(), page.click("form[action='/default'] button")]);
  assert((await page.textContent("main")).includes("New products will start as"), "default saved");
  await context.close();
});

test("the journal CSV holds those changes", async () => {
  const { context, page } = await signedIn("admin@contoso.example");
  await page.click("a[href='/journal']");
  await page.waitForURL(/\/journal/);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("a[href^='/journal.csv']")]);
  const csv = readFileSync(await download.path(), "utf8");
  assert(csv.startsWith("time,actor,target,oldValue,newValue,result"), "CSV header");
  assert(csv.includes(`"${POWER_BI_PRO}","Enabled","Disabled","Succeeded"`), "the single change");
  assert(csv.includes(`"default","Enabled","Disabled","Succeeded"`), "the default");
  assert(csv.split("\n").filter((l) => l.includes('"Enabled","Disabled","Succeeded"')).length >= 7, "bulk rows");
  await context.close();
});

test("a reader sees everything read-only and a forged POST is refused", async () => {
  const { context, page } = await signedIn("reader@contoso.example");
  const text = await page.textContent("main");
  assert(text.includes("Global Reader"), "says why it is read-only");
  assert((await page.locator("form[action^='/products']").count()) === 0, "no change controls");
  assert((await page.locator("input[type=radio]").count()) === 0, "no radio buttons");
  const csrf = await page.inputValue("form[action='/signout'] input[name=csrf]");
  const r = await context.request.post(`/products/${POWER_BI_PRO}`, {
    form: { csrf, value: "Enabled", etag: "*" },
    headers: { Origin: base },
  });
  assert(r.status() === 403, `forged POST: ${r.status()}`);
  await page.reload();
  assert((await valueOf(page, POWER_BI_PRO)) === "Do not allow", "unchanged");
  await context.close();
});

test("a user without a role gets the explanation page", async () => {
  const { context, page } = await signedIn("user@contoso.example");
  const text = await page.textContent("main");
  assert(text.includes("user@contoso.example"), "who they are");
  assert(text.includes("Global Administrator") && text.includes("Billing Administrator"), "the roles");
  await context.close();
});

test("a POST without the CSRF token or from another origin is refused and changes nothing", async () => {
  const { context, page } = await signedIn("admin@contoso.example");
  const csrf = await page.inputValue("form[action='/signout'] input[name=csrf]");
  const target = "/products/" + POWER_BI_PRO;
  const a = await context.request.post(target, { form: { value: "Enabled", etag: "*" }, headers: { Origin: base } });
  const b = await context.request.post(target, {
    form: { csrf, value: "Enabled", etag: "*" },
    headers: { Origin: "https://evil.example" },
  });
  assert(a.status() === 403 && b.status() === 403, `refused: ${a.status()} ${b.status()}`);
  await page.reload();
  assert((await valueOf(page, POWER_BI_PRO)) === "Do not allow", "unchanged");
  await context.close();
});

test("a stale panel shows the conflict and the new value", async () => {
  const { context, page } = await signedIn("admin@contoso.example");
  const other = await context.newPage();
  await other.goto("/");
  const id = (await products(page)).at(-1);
  await savePanel(other, id, "Disabled");
  const li = page.locator(`li[data-product='${id}']`);
  await li.locator("summary").click();
  await li.locator("input[type=radio][value=Enabled]").check();
  await Promise.all([page.waitForNavigation(), li.locator("form.panel button[type=submit]").click()]);
  const text = await page.textContent("main");
  assert(text.includes("Someone else changed") && text.includes("Do not allow"), `conflict: ${text}`);
  await context.close();
});

test("the page in fr-FR and zh-TW", async () => {
  const fr = await signedIn("admin@contoso.example", { locale: "fr-FR" });
  assert((await fr.page.getAttribute("html", "lang")) === "fr-FR", "fr-FR from Accept-Language");
  assert((await fr.page.textContent("main")).includes("Ne pas autoriser"), "French values");
  await fr.page.selectOption("#lang", "zh-TW");
  await Promise.all([fr.page.waitForNavigation(), fr.page.click("form.lang button")]);
  assert((await fr.page.getAttribute("html", "lang")) === "zh-TW", "the switcher");
  assert((await fr.page.textContent("main")).includes("不允許"), "zh-TW values");
  await fr.page.reload();
  assert((await fr.page.getAttribute("html", "lang")) === "zh-TW", "remembered");
  await fr.context.close();
});

test("keyboard only: disable a product", async () => {
  const { context, page } = await signedIn("admin@contoso.example");
  const id = (await products(page)).at(-2);
  let found = false;
  for (let i = 0; i < 600 && !found; i++) {
    await page.keyboard.press("Tab");
    found = await page.evaluate(
      (id) => document.activeElement?.closest(`li[data-product='${id}']`) && document.activeElement.tagName === "SUMMARY",
      id,
    );
  }
  assert(found, "the product's summary is reachable with Tab");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert(outline !== "none", "visible focus");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  const checked = await page.evaluate(() => document.activeElement.value);
  assert(checked === "Enabled", `focus on the checked choice: ${checked}`);
  for (let i = 0; i < 3; i++) {
    const v = await page.evaluate(() => document.activeElement.value);
    if (v === "Disabled") break;
    await page.keyboard.press("ArrowDown");
  }
  await page.keyboard.press("Tab");
  const button = await page.evaluate(() => document.activeElement.closest("form.panel") && document.activeElement.type);
  assert(button === "submit", `focus on Save after the choices: ${button}`);
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  assert((await valueOf(page, id)) === "Do not allow", "disabled with the keyboard");
  await context.close();
});

test("a user asks for a license with the form; an admin approves it with the keyboard", async () => {
  const user = await signedIn("user@contoso.example");
  await user.page.click("a[href='/requests']");
  await user.page.selectOption("#request-product", POWER_BI_PRO);
  await user.page.fill("#request-message", "For the quarterly review");
  await Promise.all([user.page.waitForNavigation(), user.page.click("form.request button[type=submit]")]);
  const sent = await user.page.locator("p.ok[role=status]").textContent();
  assert(sent.includes("was sent to your admins"), `flash: ${sent}`);

  const admin = await signedIn("admin@contoso.example");
  await admin.page.click("nav.views a[href='/requests']");
  const row = admin.page.locator("tr", { hasText: "For the quarterly review" });
  await row.locator("input[name=message]").focus();
  await admin.page.keyboard.type("Assigned");
  await admin.page.keyboard.press("Tab");
  const focused = await admin.page.evaluate(() => document.activeElement.textContent);
  assert(focused === "Approve", `focus on Approve after the note: ${focused}`);
  await Promise.all([admin.page.waitForNavigation(), admin.page.keyboard.press("Enter")]);
  const done = await admin.page.locator("p.ok[role=status]").textContent();
  assert(done.includes("You approved the request of user@contoso.example"), `flash: ${done}`);

  await user.page.reload();
  const status = await user.page.locator("tr", { hasText: "For the quarterly review" }).textContent();
  assert(status.includes("Approved") && status.includes("Assigned"), `the user sees: ${status}`);
  await user.context.close();
  await admin.context.close();
});

/** Every view of the page, for axe and the screenshots. */
async function views(page) {
  return [
    ["list", "/"],
    ["journal", "/journal"],
    ["filtered", "/?setting=Disabled&sort=setting"],
    ["requests", "/requests?status=all"],
    ["purchases", "/purchases"],
  ];
}

test("axe-core finds no WCAG 2.1 A/AA violation; screenshots of every view", async () => {
  mkdirSync(shots, { recursive: true });
  const violations = [];
  for (const locale of ["en-US", "zh-TW"]) {
    for (const [who, upn] of [
      ["admin", "admin@contoso.example"],
      ["reader", "reader@contoso.example"],
      ["norole", "user@contoso.example"],
    ]) {
      for (const width of [375, 1440]) {
        // bypassCSP only to inject axe; the page itself runs under its CSP in every other test.
        const { context, page } = await signedIn(upn, {
          locale,
          bypassCSP: true,
          viewport: { width, height: 900 },
        });
        const list = who === "norole" ? [["explanation", "/"], ["ask", "/requests"]] : await views(page);
        for (const [name, path] of list) {
          await page.goto(path);
          if (name === "list" && who === "admin") await page.locator("li[data-product] summary").first().click();
          await page.screenshot({ path: join(shots, `${name}-${who}-${locale}-${width}.png`), fullPage: true });
          await page.addScriptTag({ content: axeSource });
          const result = await page.evaluate(() =>
            window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }),
          );
          for (const v of result.violations) {
            violations.push(`${name}/${who}/${locale}/${width}: ${v.id} (${v.nodes.length}) ${v.help}`);
          }
        }
        await context.close();
      }
    }
  }
  const signIn = await browser.newContext({ baseURL: base, bypassCSP: true });
  const p = await signIn.newPage();
  await p.goto("/");
  await p.screenshot({ path: join(shots, "landing-en-US-1440.png") });
  await p.click("a[href='/signin']");
  await p.waitForURL(/authorize/);
  await p.screenshot({ path: join(shots, "signin-en-US-1440.png") });
  await p.addScriptTag({ content: axeSource });
  const r = await p.evaluate(() => window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }));
  for (const v of r.violations) violations.push(`signin: ${v.id} ${v.help}`);
  await signIn.close();
  assert(violations.length === 0, "axe:\n" + [...new Set(violations)].join("\n"));
});

test("the page (HTML + CSS + JS) is under 80 KB", async () => {
  const { context, page } = await signedIn("admin@contoso.example");
  const html = await (await context.request.get("/")).body();
  const css = await (await context.request.get("/assets/page.css")).body();
  const js = await (await context.request.get("/assets/page.js")).body();
  const total = html.length + css.length + js.length;
  assert(total < 80 * 1024, `${total} bytes`);
  await context.close();
});

test("a second deployment's page signs in at this one as its external provider", async () => {
  // The second server trusts this one's tokens and sends its page's sign-in here; this one knows
  // the page as a web application with a secret and the page's redirect URI.
  const dir = mkdtempSync(join(tmpdir(), "msc-browser-external-"));
  const secret = "the policy page's long secret 2b7d";
  writeFileSync(join(dir, "page-secret"), `${secret}\n`);
  const tenant = "contoso.example";
  const discovery = await (await fetch(`${base}/${tenant}/v2.0/.well-known/openid-configuration`)).json();
  writeFileSync(
    join(dir, "config.toml"),
    [
      "[identity]",
      "builtin = false",
      "[[identity.issuers]]",
      `issuer = "${base}/{tenantid}/v2.0"`,
      `jwks_uri = "${base}/organizations/discovery/v2.0/keys"`,
      "[page]",
      `authority = "${discovery.issuer}"`,
      'client_id = "contoso-policy-page"',
      `client_secret_file = "${join(dir, "page-secret")}"`,
      "",
    ].join("\n"),
  );
  const second = await startServer(["--config", join(dir, "config.toml")]);
  try {
    const added = spawnSync(
      bin,
      ["admin", "app", "add", "--data-dir", server.dataDir, "--tenant", tenant, "--name", "Contoso policy page",
        "--client-id", "contoso-policy-page", "--redirect-uri", `${second.url}/signin-oidc`, "--secret-stdin"],
      { input: secret, encoding: "utf8", env: { HOME: dir, PATH: process.env.PATH } },
    );
    assert(added.status === 0, `admin app add: ${added.stderr}`);
    const context = await browser.newContext({ baseURL: second.url });
    const page = await context.newPage();
    await page.goto("/");
    await page.click("a[href='/signin']");
    await page.waitForURL((u) => u.href.startsWith(`${base}/`) && u.pathname.endsWith("/oauth2/v2.0/authorize"));
    assert((await page.textContent("body")).includes("Contoso policy page"), "the provider names the page's app");
    await page.fill("input[name=username]", "admin@contoso.example");
    await page.fill("input[name=password]", PASSWORD);
    await Promise.all([page.waitForURL(`${second.url}/`), page.click("form button[type=submit]:not([name])")]);
    const body = await page.textContent("body");
    assert(body.includes("admin@contoso.example"), "signed in on the second deployment");
    assert((await products(page)).includes(POWER_BI_PRO), "its products are listed");
    await context.close();
  } finally {
    second.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

let failed = 0;
let ran = 0;
const only = process.argv[2];
for (const t of tests) {
  if (only && !t.name.includes(only)) continue;
  ran++;
  const started = Date.now();
  try {
    await t.fn();
    console.log(`ok   ${t.name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${t.name}\n     ${String(e.stack || e).split("\n").join("\n     ")}`);
  }
}
await browser.close();
server.stop();
console.log(failed ? `${failed} failed` : `all ${ran} passed`);
process.exit(failed ? 1 : 0);
