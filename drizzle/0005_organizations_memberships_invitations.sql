CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"invited_by_account_id" uuid,
	"invited_by_email" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"declined_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts" DROP CONSTRAINT "accounts_organization_id_organizations_id_fk";
--> statement-breakpoint
DROP INDEX "accounts_organization_idx";--> statement-breakpoint
ALTER TABLE "secret_keys" ADD COLUMN "created_by_account_id" uuid;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_account_id_accounts_id_fk" FOREIGN KEY ("invited_by_account_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invitations_pending_email_idx" ON "invitations" USING btree ("email") WHERE accepted_at is null and declined_at is null and revoked_at is null;--> statement-breakpoint
CREATE INDEX "invitations_organization_created_idx" ON "invitations" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_organization_account_key" ON "memberships" USING btree ("organization_id","account_id");--> statement-breakpoint
CREATE INDEX "memberships_account_idx" ON "memberships" USING btree ("account_id");--> statement-breakpoint
ALTER TABLE "secret_keys" ADD CONSTRAINT "secret_keys_created_by_account_id_accounts_id_fk" FOREIGN KEY ("created_by_account_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Data: every account keeps its organization as a membership with its role, except an
-- invited member who never signed in: that was an offer, so it becomes a pending
-- invitation (expiring 7 days from now) and the account row goes.
INSERT INTO "memberships" ("organization_id", "account_id", "role", "created_at", "updated_at")
SELECT "organization_id", "id", "role", "created_at", "updated_at" FROM "accounts"
WHERE NOT ("last_sign_in_at" IS NULL AND "role" = 'member');--> statement-breakpoint
INSERT INTO "invitations" ("organization_id", "email", "role", "invited_by_account_id", "invited_by_email", "created_at", "expires_at")
SELECT a."organization_id", a."email", 'member', inviter."account_id", coalesce(inviter."actor_email", owner."email", 'an owner'), a."created_at", now() + interval '7 days'
FROM "accounts" a
LEFT JOIN LATERAL (
  SELECT e."account_id", e."actor_email" FROM "audit_events" e
  WHERE e."organization_id" = a."organization_id" AND e."action" = 'member.invited' AND e."target_id" = a."id"::text
  ORDER BY e."created_at" DESC LIMIT 1
) inviter ON true
LEFT JOIN LATERAL (
  SELECT o."email" FROM "accounts" o
  WHERE o."organization_id" = a."organization_id" AND o."role" = 'owner'
  ORDER BY o."created_at" LIMIT 1
) owner ON true
WHERE a."last_sign_in_at" IS NULL AND a."role" = 'member';--> statement-breakpoint
DELETE FROM "accounts" WHERE "last_sign_in_at" IS NULL AND "role" = 'member';--> statement-breakpoint
-- Who created the existing secret keys: the dashboard's audit entry, or for the CLI's
-- "Default key" the owner made in the same transaction (same now()).
UPDATE "secret_keys" k SET "created_by_account_id" = e."account_id"
FROM "audit_events" e
WHERE e."organization_id" = k."organization_id" AND e."action" = 'secret_key.created' AND e."target_id" = k."id"::text
  AND e."account_id" IS NOT NULL;--> statement-breakpoint
UPDATE "secret_keys" k SET "created_by_account_id" = a."id"
FROM "accounts" a
WHERE k."created_by_account_id" IS NULL AND a."organization_id" = k."organization_id" AND a."role" = 'owner'
  AND a."created_at" = k."created_at";--> statement-breakpoint
ALTER TABLE "accounts" DROP COLUMN "organization_id";--> statement-breakpoint
ALTER TABLE "accounts" DROP COLUMN "role";