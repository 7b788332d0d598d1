ALTER TABLE "audit_events" ADD COLUMN "secret_key_id" uuid;--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "user_hash" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_secret_key_id_secret_keys_id_fk" FOREIGN KEY ("secret_key_id") REFERENCES "public"."secret_keys"("id") ON DELETE set null ON UPDATE no action;