using System.Globalization;
using System.Text;
using System.Text.Json;
using HrPlus.Privacy.Subjects;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HrPlus.Privacy.AspNetCore.Endpoints;

/// <summary>The handlers of the subject's own routes and of <c>MapPrivacyOperatorEndpoints</c>.</summary>
internal static class SubjectEndpointHandlers
{
    public static async Task<IResult> ExportMineAsync(HttpContext http, ISubjectDataExport export, PrivacyEndpointOptions options) =>
        options.SubjectOf(http.User) is not { } subject ? PrivacyProblems.SignInRequired("The export is of the signed-in subject's own data.")
            : PersonalReads.UnknownParameter(http) ?? await ExportAsync(http, export, subject, subject);

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
            return PrivacyProblems.SignInRequired(EndpointRequests.OperatorSignIn);
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
            return PrivacyProblems.SignInRequired(EndpointRequests.OperatorSignIn);
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
            return PrivacyProblems.Invalid(ex, subjectId, actor);
        }
    }

    public static async Task<IResult> OperatorExportAsync(HttpContext http, ISubjectDataExport export, string subjectId, PrivacyEndpointOptions options) =>
        options.SubjectOf(http.User) is { } actor
            ? await ExportAsync(http, export, subjectId, actor)
            : PrivacyProblems.SignInRequired(EndpointRequests.OperatorSignIn);

    public static async Task<IResult> EraseAsync(HttpContext http, ISubjectErasure erasure, string subjectId, PrivacyEndpointOptions options)
    {
        if (options.SubjectOf(http.User) is not { } actor)
        {
            return PrivacyProblems.SignInRequired(EndpointRequests.OperatorSignIn);
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
                backupsUnreadableAfter = result.BackupsUnreadableAfter,
                nothingErased = result.NothingErased,
            });
        }
        catch (KeyNotFoundException)
        {
            // Decided before anything is recorded: nothing was held, nothing was erased, no audit entry.
            return PrivacyProblems.NotFound("Nothing is held about that subject: there is nothing to erase.");
        }
        catch (ArgumentException ex)
        {
            return PrivacyProblems.Invalid(ex, subjectId, actor, body.Reason);
        }
    }

    public static async Task<IResult> RetentionDueAsync(HttpContext http, ISubjectErasure erasure, string? at)
    {
        if (!EndpointRequests.TryParseInstant(at, out var instant))
        {
            return PrivacyProblems.BadRequest("at is an ISO 8601 date and time, e.g. 2026-11-25T10:00:00Z.");
        }

        var now = instant ?? EndpointRequests.Now(http);
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
            return PrivacyProblems.Invalid(ex, subjectId, exportedBy);
        }

        // A fixed name: the subject's id stays out of headers and of the downloads folder's file names.
        var fileName = "subject-export-" + EndpointRequests.Now(http).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".json";
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
            return PrivacyProblems.Invalid(ex, subjectId, actor, reason);
        }
    }

    private static IResult? ReasonProblem(string? reason, int maxLength) =>
        string.IsNullOrWhiteSpace(reason) || reason.Length > maxLength || reason.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
            ? PrivacyProblems.BadRequest($"reason is 1 to {maxLength} characters without control characters, and without personal data.")
            : null;

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
