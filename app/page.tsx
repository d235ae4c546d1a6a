/**
 * Landing page for signed-out visitors (proxy.ts sends signed-in ones to /connections).
 */
import Link from "next/link";

export default function Home() {
  return (
    <main className="landing" id="main">
      <div className="landing__inner">
        <p className="brand">
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">TikTok Ads</span>
        </p>
        <h1 className="landing__title">Your TikTok ad accounts, connected and kept healthy.</h1>
        <p className="landing__lede">
          Connect TikTok for Business ad accounts to your workspace, see at a glance whether each connection still
          works, and give your team the access they need: marketers connect and manage, ops read.
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
            <strong>Connect in a minute.</strong> Approve access on TikTok&apos;s page and come straight back.
          </li>
          <li>
            <strong>Know when something breaks.</strong> Each connection is checked automatically, with TikTok&apos;s
            own error and request ID when it fails.
          </li>
          <li>
            <strong>Roles that fit.</strong> Admins manage people, marketers connect accounts, ops see everything and
            change nothing.
          </li>
        </ul>
      </div>
    </main>
  );
}
