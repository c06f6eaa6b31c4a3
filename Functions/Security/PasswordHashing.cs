using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace RecordingFunctions.Security;

/// <summary>
/// Salted slow password hashes through ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512,
/// random salt, versioned format, constant-time comparison). Stored with a prefix so that a clear password left by the
/// Flask server is recognised and migrated.
/// </summary>
public sealed class PasswordHashing
{
    public const string Prefix = "pbkdf2:";

    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object User = new();

    // Basic auth sends the password with every request; remembering recent successes (keyed by a hash that includes
    // the stored hash, so a password change invalidates them) keeps the slow hash to one per session.
    private readonly ConcurrentDictionary<string, bool> _recentSuccesses = new();
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);

    public static bool IsHash(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    public static string Hash(string password) => Prefix + Hasher.HashPassword(User, password);

    public bool Verify(string storedHash, string password)
    {
        if (!IsHash(storedHash))
        {
            return false;
        }

        var cacheEntry = Convert.ToHexString(HMACSHA256.HashData(_cacheKey, Encoding.UTF8.GetBytes(storedHash + "\n" + password)));
        if (_recentSuccesses.ContainsKey(cacheEntry))
        {
            return true;
        }

        var result = Hasher.VerifyHashedPassword(User, storedHash[Prefix.Length..], password);
        if (result == PasswordVerificationResult.Failed)
        {
            return false;
        }

        if (_recentSuccesses.Count > 64)
        {
            _recentSuccesses.Clear();
        }

        _recentSuccesses[cacheEntry] = true;
        return true;
    }
}
