#!/usr/bin/env bash
# Regenerates the 录音再现 (recorded example call) clips of the service handbook from the
# transcripts written below, so every audio file in seeds/handbook is made from this
# project's own text. Needs espeak-ng (Mandarin) and sox with Ogg Vorbis.
#
# The voice is "cmn-latn-pinyin", not plain "cmn": espeak-ng's Mandarin dictionary turns many
# characters into tone-numbered pinyin (您 -> nin2), and the plain "cmn" voice then reads that
# Latin text as English ("nin two"). The pinyin variant speaks it as Mandarin syllables.
#
#   seeds/handbook/make-audio.sh            regenerate all clips
#
# Transcript lines start with "坐席：" (agent, female variant voice) or "客户：" (customer,
# default male voice). Each clip is mono 16 kHz Ogg Vorbis at the lowest quality setting,
# which keeps speech intelligible and every file under 60 KB. `sox -R` makes the output
# byte-for-byte repeatable, so re-running the script on the same machine leaves git clean.
set -euo pipefail

cd "$(dirname "$0")"
for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "make-audio: $tool is not installed (apt-get install -y $tool)" >&2; exit 1; }
done

readonly MAX_BYTES=61440
readonly AGENT_VOICE=(-v cmn-latn-pinyin+f3 -p 55)
readonly CUSTOMER_VOICE=(-v cmn-latn-pinyin -p 35)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# clip <output.ogg> <speed: espeak words (here: syllables) per minute>; transcript on stdin, one spoken line per line.
clip() {
  local out="$1" speed="$2" n=0 line speaker text
  local parts=()
  while IFS= read -r line; do
    [[ -z "$line" ]] && continue
    speaker="${line%%：*}"
    text="${line#*：}"
    n=$((n + 1))
    case "$speaker" in
      坐席) espeak-ng "${AGENT_VOICE[@]}" -s "$speed" -w "$work/raw-$n.wav" "$text" ;;
      客户) espeak-ng "${CUSTOMER_VOICE[@]}" -s "$speed" -w "$work/raw-$n.wav" "$text" ;;
      *) echo "make-audio: $out line $n must start with 坐席： or 客户：" >&2; exit 1 ;;
    esac
    # 2 dB of headroom keeps the resampler from clipping; a short pause after each turn
    # makes the dialogue easy to follow.
    sox -R "$work/raw-$n.wav" -r 16000 -c 1 "$work/turn-$n.wav" gain -2 pad 0 0.4
    parts+=("$work/turn-$n.wav")
  done
  mkdir -p "$(dirname "$out")"
  sox -R "${parts[@]}" "$work/joined.wav"
  sox -R "$work/joined.wav" -r 16000 -c 1 -C -1 "$out"
  local size
  size=$(stat -c %s "$out")
  if (( size > MAX_BYTES )); then
    echo "make-audio: $out is $size bytes, over the $MAX_BYTES limit; shorten the transcript" >&2
    exit 1
  fi
  echo "make-audio: $out ($size bytes, $(soxi -d "$out"))"
  rm -f "$work"/*.wav
}

clip 宽带业务/audio/onu-restart-guide.ogg 190 <<'TEXT'
客户：我家宽带上不了网了。
坐席：请您看一下光猫，光信号灯是红色的吗？
客户：不是红的，注册灯在闪。
坐席：请您拔掉光猫电源，等三十秒再插上，我们一起看灯。
TEXT

clip 宽带业务/audio/area-outage-notice.ogg 185 <<'TEXT'
客户：整栋楼都没网了，怎么回事？
坐席：非常抱歉，您所在的小区光缆被施工挖断，抢修人员已经在现场，预计今天十八点前恢复，恢复后会给您发短信。
TEXT

clip 投诉处理/audio/angry-customer-soothing.ogg 170 <<'TEXT'
客户：三天了还没修好，你们到底管不管？
坐席：您先别着急，这件事确实让您受累了，非常抱歉。我现在马上帮您查清楚，请您给我两分钟时间。
TEXT

clip 投诉处理/audio/dissatisfied-callback.ogg 180 <<'TEXT'
坐席：您好，我是客服中心的回访专员。昨天您来电反映宽带问题，感觉我们处理得不够好，今天专门给您回个电话，想听听您的意见。
TEXT

clip 服务规范/audio/standard-greeting.ogg 190 <<'TEXT'
坐席：您好，很高兴为您服务，请问有什么可以帮您？
坐席：请问还有其他可以帮您的吗？感谢您的来电，祝您生活愉快，再见。
TEXT

clip 服务规范/audio/elderly-slow-speech.ogg 145 <<'TEXT'
坐席：阿姨，您别着急，我说慢一点。
坐席：您看一下手机屏幕，最下面是不是有一个绿色的电话图标？
TEXT

clip 信息安全/audio/fraud-warning.ogg 180 <<'TEXT'
坐席：请您放心，我们的工作人员不会主动打电话向您索要验证码，也不会要求您转账。
坐席：刚才那个电话很可能是诈骗，请不要回拨，也不要点击任何链接。
TEXT
