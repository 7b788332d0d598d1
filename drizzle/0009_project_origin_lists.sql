ALTER TABLE "secret_keys" ADD COLUMN "created_by_secret_key_id" uuid;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "allowed_origins" text[];--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "redirect_urls" text[];--> statement-breakpoint
ALTER TABLE "secret_keys" ADD CONSTRAINT "secret_keys_created_by_secret_key_id_secret_keys_id_fk" FOREIGN KEY ("created_by_secret_key_id") REFERENCES "public"."secret_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Each project's single origin and redirect URL become the first (and only) entry of its lists.
UPDATE "projects" SET "allowed_origins" = ARRAY["allowed_origin"], "redirect_urls" = ARRAY["redirect_url"] WHERE "allowed_origins" IS NULL;