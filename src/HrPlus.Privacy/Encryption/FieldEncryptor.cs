using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace HrPlus.Privacy.Encryption;

/// <summary>AES-256-GCM field encryption in format v1; see <see cref="FieldCiphertext"/>.</summary>
/// <remarks>
/// Stack buffers are not zeroed on entry (<see cref="System.Runtime.CompilerServices.SkipLocalsInitAttribute"/>): every byte
/// is written before it is read, and the bytes that held plaintext are zeroed after use, as before.
/// </remarks>
[System.Runtime.CompilerServices.SkipLocalsInit]
internal sealed class FieldEncryptor(FieldKeyRing keyRing, Subjects.SubjectBlockList? blocks = null, bool perSubjectKeys = false, Diagnostics.PrivacyMetrics? metrics = null) : IFieldEncryptor
{
    // Above these sizes buffers come from the array pool instead of the stack.
    private const int MaxStackAssociatedData = 320;
    private const int MaxStackBytes = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Gets whether values bound to a subject are encrypted under the subject's own key.</summary>
    public bool UsesSubjectKeys => perSubjectKeys;

    /// <summary>
    /// Makes sure the key an encryption under <paramref name="context"/> will use is in memory, waiting for the store
    /// asynchronously: with per-subject keys, a subject this instance has not met is looked up (or its key made) here, so
    /// the synchronous <c>Encrypt</c> that follows never blocks a thread on the store. Does nothing for shared keys.
    /// </summary>
    /// <remarks>Failures are left to the encryption itself, which reports them in its own words.</remarks>
    public async ValueTask PrepareAsync(FieldContext context, CancellationToken cancellationToken)
    {
        if (perSubjectKeys && context.SubjectId is { } subject)
        {
            try
            {
                _ = await keyRing.GetSubjectKeyAsync(subject, cancellationToken).ConfigureAwait(false);
            }
            catch (FieldDecryptionException)
            {
                // A subject whose live key cannot be unwrapped here, or whose key was destroyed: Encrypt says so.
            }
        }
    }

    public int Encrypt(ReadOnlySpan<byte> plaintext, Span<byte> destination, FieldContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var length = FieldCiphertext.GetCiphertextLength(plaintext.Length);
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination must hold at least {length} bytes.", nameof(destination));
        }

        if (plaintext.Overlaps(destination))
        {
            throw new ArgumentException("The destination must not overlap the plaintext.", nameof(destination));
        }

        EncryptCore(plaintext, destination[..length], context);
        return length;
    }

    public int Decrypt(ReadOnlySpan<byte> ciphertext, Span<byte> destination, FieldContext context)
    {
        try
        {
            return DecryptSpan(ciphertext, destination, context);
        }
        catch (FieldDecryptionException ex) when (CountFailure(ex))
        {
            throw; // never reached: the filter only counts
        }
    }

    private int DecryptSpan(ReadOnlySpan<byte> ciphertext, Span<byte> destination, FieldContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ThrowIfBlocked(context);
        var length = FieldCiphertext.GetPlaintextLength(ciphertext.Length);
        if (length < 0)
        {
            throw FieldDecryptionException.Malformed("it is shorter than the 33 bytes of header, nonce and tag");
        }

        if (ciphertext[0] != FieldCiphertext.Version)
        {
            throw FieldDecryptionException.UnsupportedVersion(ciphertext[0]);
        }

        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination must hold at least {length} bytes.", nameof(destination));
        }

        DecryptCore(ciphertext, destination[..length], context);
        return length;
    }

    public string Encrypt(string plaintext, FieldContext context)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(context);
        if (FieldCiphertext.IsEncrypted(plaintext))
        {
            throw new ArgumentException("The value is already in hp1. form; values are never encrypted twice.", nameof(plaintext));
        }

        var plainLength = StrictUtf8.GetByteCount(plaintext);
        var cipherLength = FieldCiphertext.GetCiphertextLength(plainLength);
        var textLength = FieldCiphertext.GetTextLength(plainLength);

        byte[]? rented = null;
        var buffer = plainLength + cipherLength <= MaxStackBytes
            ? stackalloc byte[MaxStackBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(plainLength + cipherLength));
        try
        {
            var plain = buffer[..plainLength];
            var cipher = buffer.Slice(plainLength, cipherLength);
            StrictUtf8.GetBytes(plaintext, plain);
            EncryptCore(plain, cipher, context);
            CryptographicOperations.ZeroMemory(plain);
            return string.Create(textLength, cipher, static (chars, cipher) =>
            {
                FieldCiphertext.TextPrefix.CopyTo(chars);
                Base64Url.EncodeToChars(cipher, chars[FieldCiphertext.TextPrefix.Length..]);
            });
        }
        finally
        {
            if (rented is not null)
            {
                CryptographicOperations.ZeroMemory(rented.AsSpan(0, plainLength));
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public string Decrypt(string ciphertext, FieldContext context)
    {
        try
        {
            return DecryptText(ciphertext, context);
        }
        catch (FieldDecryptionException ex) when (CountFailure(ex))
        {
            throw; // never reached: the filter only counts
        }
    }

    /// <summary>
    /// Decrypts a text value bound to a row: the same as <c>Decrypt(ciphertext, unbound.WithRow(rowKey))</c>, without
    /// making the bound context (the associated data is written on the stack). This is the path of every row-bound
    /// value an EF Core page load decrypts.
    /// </summary>
    /// <param name="ciphertext">The stored value.</param>
    /// <param name="unbound">The field's context, not bound to a row or subject.</param>
    /// <param name="rowKey">The row's key; an invalid one is refused exactly as <see cref="FieldContext.WithRow(string)"/> refuses it.</param>
    public string DecryptRow(string ciphertext, FieldContext unbound, string rowKey) => DecryptBound(ciphertext, unbound, rowKey, subjectId: null);

    /// <summary>
    /// Decrypts a text value bound to a subject: the same as <c>Decrypt(ciphertext, unbound.WithSubject(subjectId))</c>
    /// (the subject's block is checked, an IIN-shaped id is refused), without making the bound context.
    /// </summary>
    public string DecryptSubject(string ciphertext, FieldContext unbound, string subjectId) => DecryptBound(ciphertext, unbound, subjectId, subjectId);

    // A subject binding has the associated data of a row binding with the subject id as key, plus the subject's checks.
    private string DecryptBound(string ciphertext, FieldContext unbound, string key, string? subjectId)
    {
        Span<byte> tail = stackalloc byte[FieldContext.MaxRowBoundTailBytes];
        var length = unbound.TryWriteRowBoundTail(key, tail);
        if (length < 0)
        {
            return Decrypt(ciphertext, subjectId is null ? unbound.WithRow(key) : unbound.WithSubject(subjectId));
        }

        if (subjectId is not null)
        {
            Consent.SubjectIds.ThrowIfHoldsIin(subjectId, nameof(subjectId));
        }

        try
        {
            ArgumentNullException.ThrowIfNull(ciphertext);
            ThrowIfBlocked(subjectId);
            return DecryptText(ciphertext, tail[..length]);
        }
        catch (FieldDecryptionException ex) when (CountFailure(ex))
        {
            throw; // never reached: the filter only counts
        }
    }

    private string DecryptText(string ciphertext, FieldContext context)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        ArgumentNullException.ThrowIfNull(context);
        ThrowIfBlocked(context);
        return DecryptText(ciphertext, context.AssociatedDataTail);
    }

    private string DecryptText(string ciphertext, ReadOnlySpan<byte> associatedDataTail)
    {
        if (!FieldCiphertext.IsEncrypted(ciphertext))
        {
            throw FieldDecryptionException.Malformed("it does not start with hp1.");
        }

        var encoded = ciphertext.AsSpan(FieldCiphertext.TextPrefix.Length);
        var maxCipher = Base64Url.GetMaxDecodedLength(encoded.Length);
        byte[]? rented = null;
        var buffer = maxCipher * 2 <= MaxStackBytes
            ? stackalloc byte[MaxStackBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(maxCipher * 2));
        var plainLength = 0;
        try
        {
            if (!Base64UrlStrict.TryDecode(encoded, buffer[..maxCipher], out var cipherLength))
            {
                throw FieldDecryptionException.Malformed("the text after hp1. is not canonical base64url");
            }

            var cipher = buffer[..cipherLength];
            plainLength = FieldCiphertext.GetPlaintextLength(cipherLength);
            if (plainLength < 0)
            {
                throw FieldDecryptionException.Malformed("it is shorter than the 33 bytes of header, nonce and tag");
            }

            if (cipher[0] != FieldCiphertext.Version)
            {
                throw FieldDecryptionException.UnsupportedVersion(cipher[0]);
            }

            var plain = buffer.Slice(maxCipher, plainLength);
            DecryptCore(cipher, plain, associatedDataTail);
            try
            {
                return StrictUtf8.GetString(plain);
            }
            catch (DecoderFallbackException)
            {
                throw FieldDecryptionException.Malformed("the decrypted value is not UTF-8 text (it was encrypted with the binary API)");
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plain);
            }
        }
        finally
        {
            if (rented is not null)
            {
                CryptographicOperations.ZeroMemory(rented.AsSpan(maxCipher, plainLength));
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public string Reencrypt(string ciphertext, FieldContext context)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        ArgumentNullException.ThrowIfNull(context);
        if (IsUnderCurrentKey(ciphertext))
        {
            // Authenticate it anyway: re-encryption must never bless a tampered value.
            _ = Decrypt(ciphertext, context);
            return ciphertext;
        }

        return Encrypt(Decrypt(ciphertext, context), context);
    }

    private bool CountFailure(FieldDecryptionException ex)
    {
        metrics?.DecryptionFailed(ex.Reason);
        return false;
    }

    private void ThrowIfBlocked(FieldContext context) => ThrowIfBlocked(context.SubjectId);

    private void ThrowIfBlocked(string? subjectId)
    {
        if (subjectId is not null && blocks is not null && blocks.IsBlocked(subjectId))
        {
            throw FieldDecryptionException.SubjectBlocked();
        }
    }

    // A subject's own key is as current as it gets: it never rotates, it is destroyed.
    public bool IsUnderCurrentKey(ReadOnlySpan<char> ciphertext) =>
        FieldCiphertext.TryGetKeyId(ciphertext, out var keyId) && (keyId == keyRing.Snapshot.Current.Id || keyRing.IsSubjectKey(keyId));

    public bool IsUnderCurrentKey(ReadOnlySpan<byte> ciphertext) =>
        FieldCiphertext.IsEncrypted(ciphertext) && FieldCiphertext.TryGetKeyId(ciphertext, out var keyId)
        && (keyId == keyRing.Snapshot.Current.Id || keyRing.IsSubjectKey(keyId));

    private void EncryptCore(ReadOnlySpan<byte> plaintext, Span<byte> destination, FieldContext context)
    {
        var subject = perSubjectKeys ? context.SubjectId : null;
        var tail = context.AssociatedDataTail;
        var adLength = FieldCiphertext.HeaderSize + tail.Length;
        byte[]? rented = null;
        var ad = adLength <= MaxStackAssociatedData
            ? stackalloc byte[MaxStackAssociatedData]
            : (rented = ArrayPool<byte>.Shared.Rent(adLength));
        try
        {
            // A key destroyed between lookup and use (by a rotation's refresh or another thread's destroy) is never used
            // with erased bytes: its cipher comes back null or throws ObjectDisposedException, and the shared current key
            // is looked up once more on the fresh snapshot. A subject's key destroyed mid-call means the subject was
            // erased: that is reported, not papered over with a new key.
            for (var attempt = 0; ; attempt++)
            {
                var key = subject is not null ? keyRing.GetSubjectKey(subject) : keyRing.RentCurrentKey();
                var cipher = key.TryGetCipher();
                if (cipher is not null)
                {
                    destination[0] = FieldCiphertext.Version;
                    BinaryPrimitives.WriteUInt32BigEndian(destination[1..], key.Id);
                    var nonce = destination.Slice(FieldCiphertext.NonceOffset, FieldCiphertext.NonceSize);
                    NonceGenerator.Fill(nonce);
                    destination[..FieldCiphertext.HeaderSize].CopyTo(ad);
                    tail.CopyTo(ad[FieldCiphertext.HeaderSize..]);
                    try
                    {
                        cipher.Encrypt(nonce, plaintext, destination[FieldCiphertext.PayloadOffset..], ad[..adLength]);
                        metrics?.Encrypted(key.Engine!);
                        return;
                    }
                    catch (ObjectDisposedException)
                    {
                        CryptographicOperations.ZeroMemory(destination);
                    }
                }

                if (subject is not null || attempt >= 1)
                {
                    throw FieldDecryptionException.KeyDestroyed(key.Id);
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private void DecryptCore(ReadOnlySpan<byte> ciphertext, Span<byte> destination, FieldContext context) =>
        DecryptCore(ciphertext, destination, context.AssociatedDataTail);

    private void DecryptCore(ReadOnlySpan<byte> ciphertext, Span<byte> destination, ReadOnlySpan<byte> tail)
    {
        var keyId = BinaryPrimitives.ReadUInt32BigEndian(ciphertext[1..]);
        var key = keyRing.GetDecryptionKey(keyId);
        var nonce = ciphertext.Slice(FieldCiphertext.NonceOffset, FieldCiphertext.NonceSize);
        var payloadAndTag = ciphertext.Slice(FieldCiphertext.PayloadOffset, destination.Length + FieldCiphertext.TagSize);

        var adLength = FieldCiphertext.HeaderSize + tail.Length;
        byte[]? rented = null;
        var ad = adLength <= MaxStackAssociatedData
            ? stackalloc byte[MaxStackAssociatedData]
            : (rented = ArrayPool<byte>.Shared.Rent(adLength));
        try
        {
            ciphertext[..FieldCiphertext.HeaderSize].CopyTo(ad);
            tail.CopyTo(ad[FieldCiphertext.HeaderSize..]);
            var cipher = key.TryGetCipher() ?? throw new ObjectDisposedException(nameof(FieldKey));
            if (!cipher.Decrypt(nonce, payloadAndTag, destination, ad[..adLength]))
            {
                CryptographicOperations.ZeroMemory(destination);
                throw FieldDecryptionException.Tampered(keyId, null);
            }

            metrics?.Decrypted(key.Engine!);
        }
        catch (ObjectDisposedException)
        {
            // The key was destroyed by another thread between lookup and use.
            CryptographicOperations.ZeroMemory(destination);
            throw FieldDecryptionException.KeyDestroyed(keyId);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
