using HrPlus.Privacy;
using HrPlus.Privacy.AspNetCore;
using HrPlus.Privacy.AspNetCore.Endpoints;
using HrPlus.Privacy.Consent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Endpoint filters that refuse to run an endpoint without consent.</summary>
public static class ConsentEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Runs the endpoint only when the signed-in subject's consent to <paramref name="purpose"/> is
    /// <see cref="ConsentDecision.Granted"/>; otherwise answers 403 with a problem body that names the purpose and the
    /// decision and links the current policy, before the handler runs. A caller who is not signed in gets the host's
    /// authentication challenge (401, with a problem body), as <c>RequireAuthorization</c> gives.
    /// </summary>
    /// <remarks>
    /// A subject whose data is blocked is not granted for any purpose while the block lasts: the decision is
    /// <see cref="ConsentDecision.Blocked"/> (from <see cref="IConsentService.GetDecisionAsync"/>) and the answer is the
    /// same 403 with the policy link, with <c>"decision": "Blocked"</c>, whatever the ledger holds.
    /// </remarks>
    /// <exception cref="ArgumentException">The purpose is not a valid purpose code.</exception>
    /// <exception cref="InvalidOperationException">
    /// When the endpoint is built (the first request, or enumerating the app's endpoint data sources at start-up):
    /// the purpose is not in the catalogue, or the SDK is not registered.
    /// </exception>
    public static TBuilder RequireConsent<TBuilder>(this TBuilder builder, string purpose)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!ConsentPurpose.IsValidCode(purpose))
        {
            throw new ArgumentException("A purpose code is 1 to 64 lower-case ASCII letters, digits and hyphens.", nameof(purpose));
        }

        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var services = factory.ApplicationServices;
            PrivacyApplicationBuilderExtensions.EnsureRegistered(services, nameof(RequireConsent));
            if (!services.GetRequiredService<IOptions<PrivacyOptions>>().Value.Consent.Purposes.TryGet(purpose, out _))
            {
                throw new InvalidOperationException($"RequireConsent(\"{purpose}\"): the purpose is not in PrivacyOptions.Consent.Purposes.");
            }

            var options = services.GetRequiredService<IOptions<PrivacyAspNetCoreOptions>>().Value.Endpoints;
            var consents = services.GetRequiredService<IConsentService>();
            return async context =>
            {
                var http = context.HttpContext;

                // Nobody signed in has consented to nothing yet: they are asked to sign in (401), as RequireAuthorization does.
                if (options.SubjectOf(http.User) is not { } subject)
                {
                    return PrivacyProblems.SignInRequired($"This needs the signed-in subject's consent to the purpose \"{purpose}\": sign in first.");
                }

                var decision = await consents.GetDecisionAsync(subject, purpose, null, http.RequestAborted);
                return decision == ConsentDecision.Granted
                    ? await next(context)
                    : PrivacyProblems.ConsentRequired(purpose, decision, options.PolicyLink(http));
            };
        });
        return builder;
    }

    /// <summary>
    /// Runs the endpoint only when none of the signed-in subject's consents is due for renewal
    /// (<see cref="ConsentDecision.ReconsentRequired"/> after a material policy change, or a representative's consent for
    /// a subject who has come of age); otherwise answers 403 with a problem body linking the current policy.
    /// Anonymous requests pass: they have nothing to renew.
    /// </summary>
    public static TBuilder RequireCurrentPolicy<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var services = factory.ApplicationServices;
            PrivacyApplicationBuilderExtensions.EnsureRegistered(services, nameof(RequireCurrentPolicy));
            var purposes = services.GetRequiredService<IOptions<PrivacyOptions>>().Value.Consent.Purposes.Select(p => p.Code).ToArray();
            var options = services.GetRequiredService<IOptions<PrivacyAspNetCoreOptions>>().Value.Endpoints;
            var consents = services.GetRequiredService<IConsentService>();
            return async context =>
            {
                var http = context.HttpContext;
                var subject = options.SubjectOf(http.User);
                if (string.IsNullOrEmpty(subject))
                {
                    return await next(context);
                }

                List<string>? due = null;
                foreach (var purpose in purposes)
                {
                    if (await consents.GetDecisionAsync(subject, purpose, null, http.RequestAborted) == ConsentDecision.ReconsentRequired)
                    {
                        (due ??= []).Add(purpose);
                    }
                }

                return due is null ? await next(context) : PrivacyProblems.ReconsentDue([.. due], options.PolicyLink(http));
            };
        });
        return builder;
    }
}
