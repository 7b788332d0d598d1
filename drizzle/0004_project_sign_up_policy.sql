ALTER TABLE "challenges" ADD COLUMN "existing_user_only" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "allow_sign_up" boolean DEFAULT true NOT NULL;