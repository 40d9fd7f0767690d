using System.Globalization;
using System.Text;
using System.Text.Json;
using HrPlus.Privacy.Subjects;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.AspNetCore.Endpoints;

/// <summary>The handlers of the subject's own routes and of <c>MapPrivacyOperatorEndpoints</c>.</summary>
internal static class SubjectEndpointHandlers
{
    internal const string OperatorSignIn =
        "The operator API records who acted: sign in with a user that has the claim set as PrivacyEndpointOptions.SubjectClaimType.";

    /// <summary>Marks the response as not to be stored by any cache: every answer here is about a person.</summary>
    public static ValueTask<object?> NoStore(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        context.HttpContext.Response.Headers.CacheControl = "no-store";
        return next(context);
    }

    public static async Task<IResult> ExportMineAsync(HttpContext http, ISubjectDataExport export, PrivacyEndpointOptions options) =>
        options.SubjectOf(http.User) is { } subject
            ? await ExportAsync(http, export, subject, subject)
            : PrivacyProblems.SignInRequired("The export is of the signed-in subject's own data.");

    public static async Task<IResult> BlockRequestAsync(HttpContext http, ISubjectBlocking blocking, PrivacyEndpointOptions options)
    {
        if (options.SubjectOf(http.User) is not { } subject)
        {
            return PrivacyProblems.SignInRequired("Blocking is asked for by the signed-in subject about their own data.");
        }

        var body = await PrivacyEndpointRouteBuilderExtensions.ReadAsync(http, SubjectJsonContext.Default.BlockRequestBody);
        if (body is null)
        {
            return PrivacyProblems.BadRequest("The body must be a JSON object with a reason.");
        }

        return ReasonProblem(body.Reason, SubjectBlock.MaxReasonLength)
            ?? await BlockAsync(http, blocking, subject, body.Reason!, BlockRequester.Subject, subject);
    }

    public static async Task<IResult> BlockAsync(HttpContext http, ISubjectBlocking blocking, string subjectId, PrivacyEndpointOptions options)
    {
        if (options.SubjectOf(http.User) is not { } actor)
        {
            return PrivacyProblems.SignInRequired(OperatorSignIn);
        }

        var body = await PrivacyEndpointRouteBuilderExtensions.ReadAsync(http, SubjectJsonContext.Default.OperatorBlockBody);
        if (body is null)
        {
            return PrivacyProblems.BadRequest("The body must be a JSON object with reason and requester.");
        }

        // Names only: Enum.TryParse would also take "3" or "1,2".
        if (body.Requester is null || !body.Requester.All(char.IsAsciiLetter)
            || !Enum.TryParse<BlockRequester>(body.Requester, ignoreCase: true, out var requester) || !Enum.IsDefined(requester))
        {
            return PrivacyProblems.BadRequest("requester is subject, legalRepresentative, authorizedBody or operator.");
        }

        return ReasonProblem(body.Reason, SubjectBlock.MaxReasonLength)
            ?? await BlockAsync(http, blocking, subjectId, body.Reason!, requester, actor);
    }

    public static async Task<IResult> UnblockAsync(HttpContext http, ISubjectBlocking blocking, string subjectId, PrivacyEndpointOptions options)
    {
        if (options.SubjectOf(http.User) is not { } actor)
        {
            return PrivacyProblems.SignInRequired(OperatorSignIn);
        }

        try
        {
            return Results.Json(BlockJson(await blocking.UnblockAsync(subjectId, actor, http.RequestAborted)));
        }
        catch (InvalidOperationException)
        {
            return PrivacyProblems.Conflict("The subject's data is not blocked.");
        }
        catch (ArgumentException ex)
        {
            return Invalid(ex, subjectId, actor);
        }
    }

    public static async Task<IResult> OperatorExportAsync(HttpContext http, ISubjectDataExport export, string subjectId, PrivacyEndpointOptions options) =>
        options.SubjectOf(http.User) is { } actor
            ? await ExportAsync(http, export, subjectId, actor)
            : PrivacyProblems.SignInRequired(OperatorSignIn);

    public static async Task<IResult> EraseAsync(HttpContext http, ISubjectErasure erasure, string subjectId, PrivacyEndpointOptions options)
    {
        if (options.SubjectOf(http.User) is not { } actor)
        {
            return PrivacyProblems.SignInRequired(OperatorSignIn);
        }

        var body = await PrivacyEndpointRouteBuilderExtensions.ReadAsync(http, SubjectJsonContext.Default.EraseBody);
        if (body is null)
        {
            return PrivacyProblems.BadRequest("The body must be a JSON object with a reason.");
        }

        if (ReasonProblem(body.Reason, ErasureRequest.MaxReasonLength) is { } problem)
        {
            return problem;
        }

        try
        {
            var result = await erasure.EraseAsync(new ErasureRequest { SubjectId = subjectId, ErasedBy = actor, Reason = body.Reason! }, http.RequestAborted);
            return Results.Json(new
            {
                subjectId = result.SubjectId,
                erasedAt = result.ErasedAt,
                keysDestroyed = result.KeysDestroyed,
                recordsDeleted = result.RecordsDeleted,
                accessRecordsDeleted = result.AccessRecordsDeleted,
                auditSequence = result.AuditSequence,
            });
        }
        catch (ArgumentException ex)
        {
            return Invalid(ex, subjectId, actor, body.Reason);
        }
    }

    public static async Task<IResult> RetentionDueAsync(HttpContext http, ISubjectErasure erasure, string? at)
    {
        if (!TryParseInstant(at, out var instant))
        {
            return PrivacyProblems.BadRequest("at is an ISO 8601 date and time, e.g. 2026-11-25T10:00:00Z.");
        }

        var now = instant ?? Now(http);
        var due = await erasure.GetDueForDestructionAsync(now, http.RequestAborted);
        return Results.Json(due.Select(d => new
        {
            subjectId = d.SubjectId,
            purpose = d.Purpose,
            consentEndedAt = d.ConsentEndedAt,
            dueAt = d.DueAt,
            destroyBy = d.DestroyBy,
            overdue = d.IsOverdue(now),
        }));
    }

    private static async Task<IResult> ExportAsync(HttpContext http, ISubjectDataExport export, string subjectId, string exportedBy)
    {
        string json;
        try
        {
            json = await export.ExportAsync(subjectId, exportedBy, http.RequestAborted);
        }
        catch (ArgumentException ex)
        {
            return Invalid(ex, subjectId, exportedBy);
        }

        // A fixed name: the subject's id stays out of headers and of the downloads folder's file names.
        var fileName = "subject-export-" + Now(http).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".json";
        return Results.File(Encoding.UTF8.GetBytes(json), "application/json; charset=utf-8", fileName);
    }

    private static async Task<IResult> BlockAsync(HttpContext http, ISubjectBlocking blocking, string subjectId, string reason, BlockRequester requester, string actor)
    {
        try
        {
            return Results.Json(BlockJson(await blocking.BlockAsync(subjectId, reason, requester, actor, http.RequestAborted)));
        }
        catch (InvalidOperationException)
        {
            // Fixed text: the service's message is not shown, whatever raised it.
            return PrivacyProblems.Conflict("The subject's data is blocked already; the block ends when an operator has checked the request.");
        }
        catch (ArgumentException ex)
        {
            return Invalid(ex, subjectId, actor, reason);
        }
    }

    private static IResult? ReasonProblem(string? reason, int maxLength) =>
        string.IsNullOrWhiteSpace(reason) || reason.Length > maxLength || reason.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
            ? PrivacyProblems.BadRequest($"reason is 1 to {maxLength} characters without control characters, and without personal data.")
            : null;

    /// <summary>
    /// A 400 for an <see cref="ArgumentException"/> from a service. Its message names the rule that failed; should it
    /// ever contain a value from the request (a subject id, a reason), a generic text is answered instead.
    /// </summary>
    internal static IResult Invalid(ArgumentException error, params IEnumerable<string?> submitted)
    {
        const string Generic = "A value in the request is not valid.";
        var detail = error.Message;
        if (error.ParamName is { } name && detail.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal))
        {
            detail = detail[..^$" (Parameter '{name}')".Length];
        }

        // ArgumentOutOfRangeException appends the actual value.
        if (error is ArgumentOutOfRangeException || string.IsNullOrWhiteSpace(detail)
            || submitted.Any(v => v is { Length: >= 3 } && detail.Contains(v, StringComparison.OrdinalIgnoreCase)))
        {
            detail = error.ParamName is { } parameter && parameter.All(c => char.IsAsciiLetterOrDigit(c) || c == '.')
                ? $"{Generic} ({parameter})"
                : Generic;
        }

        return PrivacyProblems.BadRequest(detail);
    }

    internal static bool TryParseInstant(string? value, out DateTimeOffset? instant)
    {
        instant = null;
        if (value is null)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            instant = parsed;
            return true;
        }

        return false;
    }

    internal static DateTimeOffset Now(HttpContext http) => http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();

    private static object BlockJson(SubjectBlock b) => new
    {
        id = b.Id,
        subjectId = b.SubjectId,
        reason = b.Reason,
        requester = JsonNamingPolicy.CamelCase.ConvertName(b.Requester.ToString()),
        blockedBy = b.BlockedBy,
        blockedAt = b.BlockedAt,
        unblockedAt = b.UnblockedAt,
        unblockedBy = b.UnblockedBy,
        active = b.IsActive,
    };
}
