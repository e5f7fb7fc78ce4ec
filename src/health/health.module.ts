import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { MigrationsHealthIndicator } from './migrations.health';

/**
 * Probes for load balancers and orchestrators: /health (kept: the database answers),
 * /health/live (the process serves) and /health/ready (database reachable, every migration
 * applied). No authentication; counted per client address like every credential-less call.
 */
@Module({
  // Readiness changes are logged by the controller, once per change, not every failed probe.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [MigrationsHealthIndicator],
})
export class HealthModule {}
