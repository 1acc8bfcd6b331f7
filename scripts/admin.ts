/**
 * npm run admin -- unlock <email>
 * npm run admin -- reset-password <email> [--stdin]
 *
 * For the operator with shell access when no admin can sign in (the last admin forgot the
 * password, or failed sign-ins locked the account). Works on DATABASE_URL, or the embedded
 * database of a running `npm start`. Both actions are in the audit log (actor "cli").
 *
 * unlock: clears the login throttle's locks on that account for every browser and network.
 * reset-password: sets a new password, ends the user's sessions and clears the locks. The password
 * comes from VIGIL_NEW_PASSWORD, or the first line of standard input with --stdin; otherwise one
 * is generated and printed once. It is never taken from the command line (shell history, ps).
 * Exit code: 0 done, 1 no such user / bad password, 2 usage or no database.
 */
import path from "node:path";
import { config, dataDir } from "../server/config";
import { embeddedUrl } from "../server/db/embedded";

const USAGE = "usage: npm run admin -- unlock <email>\n       npm run admin -- reset-password <email> [--stdin]   (or VIGIL_NEW_PASSWORD=… in the environment)";
const CLI_ACTOR = { id: null, email: "cli" };

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const [command, email] = args.filter((a) => !a.startsWith("--"));
  if (!email || (command !== "unlock" && command !== "reset-password")) {
    console.error(USAGE);
    return 2;
  }
  const url = config().DATABASE_URL ?? embeddedUrl(path.join(dataDir(), "pg"));
  if (!url) {
    console.error("no DATABASE_URL and no embedded database yet: run `npm start` first (or set DATABASE_URL)");
    return 2;
  }
  process.env.DATABASE_URL = url;
  const { closeDb, db } = await import("../server/db/client");
  const { generatePassword, setPassword, unlockUser, userIdByEmail, UserError } = await import("../server/users/service");
  try {
    const id = await userIdByEmail(db(), email);
    if (command === "unlock") {
      const r = await unlockUser(db(), id, CLI_ACTOR);
      console.log(r.unlocked ? `${r.email}: unlocked (it was locked for ${r.unlocked} browser(s) or network(s))` : `${r.email}: was not locked; counts cleared`);
      return 0;
    }
    const fromEnv = process.env.VIGIL_NEW_PASSWORD;
    const given = args.includes("--stdin") ? await readStdinLine() : fromEnv;
    const password = given ?? generatePassword();
    if (password.length < 8 || password.length > 128) {
      console.error("the new password must be 8 to 128 characters");
      return 1;
    }
    await setPassword(db(), id, password, CLI_ACTOR);
    const r = await unlockUser(db(), id, CLI_ACTOR);
    const user = await db().user.findUniqueOrThrow({ where: { id }, select: { disabled: true } });
    console.log(`${r.email}: password set; sessions ended; sign-in locks cleared.`);
    if (given === undefined) console.log(`new password (shown once): ${password}`);
    if (user.disabled) console.log("note: this account is disabled; an admin must enable it before it can sign in");
    return 0;
  } catch (e) {
    if (e instanceof UserError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  } finally {
    await closeDb();
  }
}

process.exit(await main());
