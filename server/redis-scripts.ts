/**
 * The Lua scripts of the Redis history store. Each reads or changes one user's keys atomically,
 * so that any number of Hub processes can share a user without a lock:
 *
 * - KEYS[1] `meta`, a hash: `epoch`, `seq` (the highest seq assigned), `floor` (the highest seq
 *   no longer held), `count` (held notifications), `unread` (held, unread, unarchived ones) and
 *   `lost` (unread ones the bound has dropped so far).
 * - KEYS[2] `log`, a stream: one entry per seq, with the entry ID `<seq>-0`. A notification is
 *   `n <id> f <fields JSON>`; a state entry is `s <type> ids <ids JSON> u <unread> l <lost>`.
 * - KEYS[3] `ids`, a hash: each held notification's id → `<seq>:<flags>` (flags: 1 read, 2 archived).
 *
 * A stream whose `meta` is missing was never written or was lost (Redis restarted without its
 * data, or evicted it): the next write starts it over with the candidate epoch the caller passes.
 */
import { createHash } from 'node:crypto';

/** Shared by the scripts: the key names and the helpers below. */
const PRELUDE = `
local meta, log, ids = KEYS[1], KEYS[2], KEYS[3]
local function num(field) return tonumber(redis.call('HGET', meta, field)) end
local function open(candidate)
  local epoch = redis.call('HGET', meta, 'epoch')
  if epoch then return epoch end
  redis.call('DEL', log, ids)
  redis.call('HSET', meta, 'epoch', candidate, 'seq', 0, 'floor', 0, 'count', 0, 'unread', 0, 'lost', 0)
  return candidate
end
local function seqOf(entryId) return tonumber(string.match(entryId, '^(%d+)')) end
local function held(id)
  local v = redis.call('HGET', ids, id)
  if not v then return nil, 0 end
  local s, f = string.match(v, '^(%d+):(%d+)$')
  return tonumber(s), tonumber(f)
end
`;

/**
 * ARGV: candidate epoch, bound, poke channel, then id and fields JSON per notification.
 * Returns the epoch, then per notification: seq, flags, and the held fields JSON when the id
 * was already held (else false).
 */
const APPEND = `${PRELUDE}
local epoch = open(ARGV[1])
local size = tonumber(ARGV[2])
local seq, count, unread = num('seq'), num('count'), num('unread')
local floor, lost = num('floor'), num('lost')
-- The bound, after each append as if published one by one: drop the oldest notifications beyond
-- it, then the state entries below the oldest one kept.
local function trim()
  local keep = nil
  local from = '-'
  while keep == nil do
    local batch = redis.call('XRANGE', log, from, '+', 'COUNT', 64)
    if #batch == 0 then break end
    for _, entry in ipairs(batch) do
      local fields = entry[2]
      if count <= size and fields[1] == 'n' then
        keep = entry[1]
        break
      end
      local s = seqOf(entry[1])
      floor = s
      if fields[1] == 'n' then
        count = count - 1
        local heldSeq, flags = held(fields[2])
        if heldSeq == s then
          redis.call('HDEL', ids, fields[2])
          if flags == 0 then
            unread = unread - 1
            lost = lost + 1
          end
        end
      end
    end
    if keep == nil then from = (floor + 1) .. '-0' end
  end
  redis.call('XTRIM', log, 'MINID', keep or ((seq + 1) .. '-0'))
end
local out = {epoch}
local appended = false
for i = 4, #ARGV, 2 do
  local id, fields = ARGV[i], ARGV[i + 1]
  local heldSeq, flags = held(id)
  if heldSeq then
    local entry = redis.call('XRANGE', log, heldSeq .. '-0', heldSeq .. '-0')[1]
    out[#out + 1] = heldSeq
    out[#out + 1] = flags
    out[#out + 1] = entry[2][4]
  else
    seq = seq + 1
    redis.call('XADD', log, seq .. '-0', 'n', id, 'f', fields)
    redis.call('HSET', ids, id, seq .. ':0')
    count = count + 1
    unread = unread + 1
    appended = true
    out[#out + 1] = seq
    out[#out + 1] = 0
    out[#out + 1] = false
    if count > size then trim() end
  end
end
if not appended then return out end
redis.call('HSET', meta, 'seq', seq, 'count', count, 'unread', unread, 'floor', floor, 'lost', lost)
redis.call('PUBLISH', ARGV[3], seq .. ' ' .. epoch)
return out
`;

/**
 * ARGV: candidate epoch, state type, '1' to append a state entry, poke channel, then the ids.
 * Returns the epoch, the state entry's seq (0 when none), the unread count, then the changed ids.
 */
const UPDATE = `${PRELUDE}
local epoch = open(ARGV[1])
local kind = ARGV[2]
local unread = num('unread')
local out = {epoch, 0, 0}
local changed = {}
for i = 5, #ARGV do
  local id = ARGV[i]
  local heldSeq, flags = held(id)
  if heldSeq and flags < 2 then
    local after = nil
    if kind == 'read' and flags == 0 then
      after = 1
      unread = unread - 1
    elseif kind == 'unread' and flags == 1 then
      after = 0
      unread = unread + 1
    elseif kind == 'archive' then
      after = flags + 2
      if flags == 0 then unread = unread - 1 end
    end
    if after then
      redis.call('HSET', ids, id, heldSeq .. ':' .. after)
      changed[#changed + 1] = id
      out[#out + 1] = id
    end
  end
end
redis.call('HSET', meta, 'unread', unread)
out[3] = unread
if ARGV[3] == '1' and #changed > 0 then
  local seq = redis.call('HINCRBY', meta, 'seq', 1)
  redis.call('XADD', log, seq .. '-0', 's', kind, 'ids', cjson.encode(changed), 'u', unread, 'l', num('lost'))
  redis.call('PUBLISH', ARGV[4], seq .. ' ' .. epoch)
  out[2] = seq
end
return out
`;

/** ARGV: candidate epoch. Returns epoch, seq, floor, unread. */
const HEAD = `${PRELUDE}
local epoch = open(ARGV[1])
return {epoch, num('seq'), num('floor'), num('unread')}
`;

/**
 * ARGV: the first seq wanted, the most entries. Returns {} when the stream does not exist, else
 * epoch, seq, floor, then four values per entry: seq, kind ('n' or the state type), JSON (the
 * notification's fields or the state's ids), and the flags or the state entry's unread count as
 * sent now (less the unread notifications the bound dropped since it was made).
 */
const AFTER = `${PRELUDE}
local epoch = redis.call('HGET', meta, 'epoch')
if not epoch then return {} end
local lost = num('lost')
local out = {epoch, num('seq'), num('floor')}
for _, entry in ipairs(redis.call('XRANGE', log, ARGV[1] .. '-0', '+', 'COUNT', ARGV[2])) do
  local s, fields = seqOf(entry[1]), entry[2]
  out[#out + 1] = s
  if fields[1] == 'n' then
    local heldSeq, flags = held(fields[2])
    out[#out + 1] = 'n'
    out[#out + 1] = fields[4]
    out[#out + 1] = heldSeq == s and flags or 0
  else
    out[#out + 1] = fields[2]
    out[#out + 1] = fields[4]
    out[#out + 1] = math.max(0, tonumber(fields[6]) - (lost - tonumber(fields[8])))
  end
end
return out
`;

/**
 * ARGV: the highest seq wanted ('+' for the newest), the most items. Returns more (0 or 1),
 * then three values per unarchived notification, newest first: seq, fields JSON, flags.
 */
const PAGE = `${PRELUDE}
local limit = tonumber(ARGV[2])
local out = {0}
local items = 0
local from = ARGV[1]
local done = false
while not done do
  local batch = redis.call('XREVRANGE', log, from, '-', 'COUNT', 128)
  for _, entry in ipairs(batch) do
    local fields = entry[2]
    if fields[1] == 'n' then
      local s = seqOf(entry[1])
      local heldSeq, flags = held(fields[2])
      if heldSeq ~= s then flags = 0 end
      if flags < 2 then
        if items == limit then
          out[1] = 1
          done = true
          break
        end
        out[#out + 1] = s
        out[#out + 1] = fields[4]
        out[#out + 1] = flags
        items = items + 1
      end
    end
  end
  if #batch < 128 then break end
  local last = seqOf(batch[#batch][1])
  if last <= 1 then break end
  from = (last - 1) .. '-0'
end
return out
`;

/** Returns three values per held notification, in seq order: seq, fields JSON, flags. */
const NOTIFICATIONS = `${PRELUDE}
local out = {}
for _, entry in ipairs(redis.call('XRANGE', log, '-', '+')) do
  local fields = entry[2]
  if fields[1] == 'n' then
    local s = seqOf(entry[1])
    local heldSeq, flags = held(fields[2])
    out[#out + 1] = s
    out[#out + 1] = fields[4]
    out[#out + 1] = heldSeq == s and flags or 0
  end
end
return out
`;

/** A script with its SHA1, run by EVALSHA (and by EVAL when Redis does not have it cached, e.g. after a restart). */
export class Script {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(send: (args: string[]) => Promise<unknown>, keys: readonly string[], args: readonly string[]): Promise<unknown[]> {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return (await send(['EVALSHA', this.sha, ...tail])) as unknown[];
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return (await send(['EVAL', this.source, ...tail])) as unknown[];
    }
  }
}

export const SCRIPTS = {
  append: new Script(APPEND),
  update: new Script(UPDATE),
  head: new Script(HEAD),
  after: new Script(AFTER),
  page: new Script(PAGE),
  notifications: new Script(NOTIFICATIONS),
};
