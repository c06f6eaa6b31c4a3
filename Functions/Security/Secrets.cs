using System.Security.Cryptography;

namespace RecordingFunctions.Security;

/// <summary>Random secrets and the hashes that stand for them in storage.</summary>
public static class Secrets
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A random string of letters and digits (about 5.95 bits each).</summary>
    public static string NewSecret(int length) => RandomNumberGenerator.GetString(Alphabet, length);

    /// <summary>Lowercase hex SHA-256 of a high-entropy token; such tokens need no slow hash.</summary>
    public static string TokenHash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Compares in time independent of where the strings differ and of their lengths.</summary>
    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
