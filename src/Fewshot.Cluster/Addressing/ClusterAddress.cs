using System.Net;
using StackExchange.Redis;

namespace Fewshot.Cluster.Addressing;

/// <summary>
/// Where a cluster keeps its membership: a Redis server, written redis://[[USER]:PASSWORD@]HOST[:PORT][/DB] (rediss:// for
/// TLS to Redis). The password may also come from FEWSHOT_REDIS_PASSWORD, which keeps it out of process listings. Messages
/// show the address without its password (<see cref="ToString"/>).
/// </summary>
public sealed record ClusterAddress(string Host, int Port, string? User, string? Password, int Database, bool Tls)
{
    public const string PasswordVariable = "FEWSHOT_REDIS_PASSWORD";
    public const int DefaultPort = 6379;

    /// <summary>Parses an address; null with the reason when it is not one.</summary>
    public static ClusterAddress? TryParse(string text, out string? error)
    {
        error = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss") || string.IsNullOrEmpty(uri.Host))
        {
            error = $"'{Redacted(text)}' is not a Redis address: write redis://HOST:PORT (redis://:PASSWORD@HOST:PORT with a password, " +
                    "rediss:// for TLS).";
            return null;
        }
        var database = 0;
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0 && !int.TryParse(path, out database))
        {
            error = $"'{Redacted(text)}' names database '{path}': a Redis database is a number (redis://HOST:PORT/2).";
            return null;
        }
        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            user = parts[0].Length > 0 ? Uri.UnescapeDataString(parts[0]) : null;
            password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : null;
        }
        password ??= Environment.GetEnvironmentVariable(PasswordVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        return new ClusterAddress(host, uri.IsDefaultPort ? DefaultPort : uri.Port, user, password, database, uri.Scheme == "rediss");
    }

    public static ClusterAddress Parse(string text) => TryParse(text, out var error) ?? throw new FewshotException(error!);

    /// <summary>The StackExchange.Redis configuration Orleans' Redis clustering connects with.</summary>
    public ConfigurationOptions Redis()
    {
        var options = new ConfigurationOptions
        {
            User = User, Password = Password, Ssl = Tls, DefaultDatabase = Database,
            AbortOnConnectFail = true, ConnectTimeout = 5000, ConnectRetry = 1,
        };
        options.EndPoints.Add(IPAddress.TryParse(Host, out var ip) ? new IPEndPoint(ip, Port) : new DnsEndPoint(Host, Port));
        return options;
    }

    /// <summary>
    /// Connects to Redis once and asks it for PING, so that an address with nothing listening, a wrong password or a server
    /// that is not Redis fails at once with a message saying which, instead of deep inside Orleans.
    /// </summary>
    public async Task CheckReachableAsync(CancellationToken cancel)
    {
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(Redis()).WaitAsync(cancel);
            await redis.GetDatabase().PingAsync().WaitAsync(cancel);
        }
        catch (RedisConnectionException e) when (e.FailureType == ConnectionFailureType.AuthenticationFailure || IsAuthError(e))
        {
            throw new FewshotException($"Redis at {this} refused the password: give the right one in the address " +
                                       $"(redis://:PASSWORD@{HostAndPort}) or in {PasswordVariable}.", e);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new FewshotException($"Cannot reach the cluster's Redis at {this} ({Reason(e)}). Start redis-server there, or " +
                                       "give the address of the one the workers use.", e);
        }
    }

    static bool IsAuthError(Exception e) =>
        e.ToString().Contains("NOAUTH", StringComparison.Ordinal) || e.ToString().Contains("WRONGPASS", StringComparison.Ordinal);

    static string Reason(Exception e) => e is RedisConnectionException { FailureType: var type }
        ? type switch
        {
            ConnectionFailureType.UnableToConnect or ConnectionFailureType.UnableToResolvePhysicalConnection => "nothing answered there",
            ConnectionFailureType.ProtocolFailure => "what answered there is not Redis",
            _ => type.ToString(),
        }
        : ErrorText.FirstLine(e);

    string HostAndPort => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>The address as the user wrote it, without the password.</summary>
    public override string ToString() =>
        $"{(Tls ? "rediss" : "redis")}://{(User is null && Password is null ? "" : $"{User}{(Password is null ? "" : ":***")}@")}{HostAndPort}" +
        (Database != 0 ? $"/{Database}" : "");

    static string Redacted(string text) => System.Text.RegularExpressions.Regex.Replace(text, "(://[^:@/]*:)[^@/]*@", "$1***@");
}
