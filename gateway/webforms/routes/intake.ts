// POST /webforms/:publicId (gateway/webforms/README.md §4.2 "Endpoint"): origin check, quotas
// before the body is read, the body under hard limits, then the service's spam rules,
// validation, inbox and record; every failure is answered here in HTML or JSON.
import type { Middleware } from 'koa';
import { GatewayError } from '../../../store/errors.js';
import type { Webform } from '../../../store/webforms/types.js';
import { readSubmission, type FieldMap } from '../body.js';
import { corsHeaders, decideOrigin } from '../cors.js';
import type { WebformsDeps } from '../router.js';
import { selfOrigin } from '../../middleware/self-origin.js';
import { sendAccepted, sendFailure, wantsJson } from './respond.js';

export function intakeRoute(deps: WebformsDeps): Middleware {
  return async (ctx) => {
    const json = wantsJson(ctx);
    let form: Webform | null = null;
    let fields: FieldMap | null = null;
    try {
      form = await deps.service.form(String(ctx.params.publicId ?? ''));
      const origin = ctx.get('origin') || null;
      const decision = decideOrigin(form.allowedOrigins, origin);
      if (!decision.allowed)
        throw new GatewayError(
          'forbidden',
          'This form does not accept submissions from this web site.',
        );
      ctx.set(corsHeaders(decision.corsOrigin));
      await deps.service.checkRate(form, ctx.ip);
      fields = {};
      const parsed = await readSubmission(
        ctx.req,
        ctx.get('content-type'),
        deps.service.bodyLimits(form),
        fields,
      );
      fields = parsed.fields;
      const result = await deps.service.submit(form, parsed, { ip: ctx.ip, origin });
      sendAccepted(ctx, form, result, json);
    } catch (err) {
      await sendFailure(ctx, err, {
        form,
        fields,
        json,
        service: deps.service,
        baseUrl: deps.baseUrl(selfOrigin(ctx)),
        onInternal: deps.onInternal,
      });
    }
  };
}
