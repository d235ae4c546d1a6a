/**
 * Landing page for signed-out visitors (proxy.ts sends signed-in ones to Reports).
 */
import Link from "next/link";
import { BrandName } from "./_components/brand";

export default function Home() {
  return (
    <main className="landing" id="main">
      <div className="landing__inner">
        <p className="brand">
          <BrandName />
        </p>
        <h1 className="landing__title">Your TikTok ad accounts, synced and reported.</h1>
        <p className="landing__lede">
          Connect TikTok for Business ad accounts to your workspace. The app keeps their campaigns and daily results in
          sync, shows them on one Reports page, and lets marketers manage campaigns. Marketers connect and manage, ops
          read.
        </p>
        <div className="landing__actions">
          <Link href="/signin" className="button button--primary button--large">
            Sign in
          </Link>
          <Link href="/signin?mode=signup" className="button button--secondary button--large">
            Create an account
          </Link>
        </div>
        <ul className="landing__points">
          <li>
            <strong>Connect in a minute.</strong> Approve access on TikTok&apos;s page and come straight back; the first
            sync starts at once.
          </li>
          <li>
            <strong>Numbers you can trust.</strong> Spend in each account&apos;s own currency and time zone, compared
            with the period before, with the days TikTok may still restate marked as such.
          </li>
          <li>
            <strong>Know when something breaks.</strong> Connections and syncs are checked automatically; the Activity
            page lists every call to TikTok with its error code and request ID.
          </li>
          <li>
            <strong>Roles that fit.</strong> Marketers connect accounts and manage campaigns, ops read reports and
            activity, admins manage people.
          </li>
        </ul>
      </div>
    </main>
  );
}
