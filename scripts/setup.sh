#!/usr/bin/env bash
# Installs what reportgen needs to build, test and check its documents on Debian 12.
# Idempotent: packages already installed are skipped. Run as root (or with sudo).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need=(libxml2-dev libzip-dev pkg-config unzip python3-venv
      # openpyxl opens the charts' embedded workbooks as Excel readers do (ChartsTests).
      python3-openpyxl
      # Free CJK faces for the official fonts the templates name (see the fontconfig file below).
      fonts-noto-cjk fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup：安装 ${missing[*]}（apt-get）"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The document checker (LibreOffice, fonts, pandoc, python-docx) lives in ../shared.
checker="$here/../shared/tools/setup-docx-check.sh"
if [ -x "$checker" ] || [ -f "$checker" ]; then
  bash "$checker"
else
  echo "setup：仓库旁没有 ../shared/tools/setup-docx-check.sh（CI 环境附带的文档检查工具），跳过；swift test 中的文档检查测试将显示为跳过（skipped），reportgen 本身照常使用"
fi

# The templates name the GB/T 9704 fonts (仿宋_GB2312, 楷体_GB2312, 方正小标宋简体, 黑体), which
# Debian does not ship. Map each to the closest free face so LibreOffice (and --pdf) lays out
# and embeds a real face of the right style: 仿宋 -> AR PL UMing (a light Song; Debian has no
# FangSong with simplified characters), 楷体 -> AR PL UKai, 小标宋 -> bold Noto Serif CJK,
# 黑体 -> Noto Sans CJK. Numbered 64 so it is read before ../shared's 65-docx-check-cjk.conf:
# the first alias read puts its face first and wins.
conf=/etc/fonts/conf.d/64-reportgen-cjk.conf
want="$(cat <<'XML'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<!-- written by reportgen scripts/setup.sh: GB/T 9704 font names -> the closest free faces -->
<fontconfig>
  <alias binding="same"><family>仿宋_GB2312</family><prefer><family>AR PL UMing CN</family></prefer></alias>
  <alias binding="same"><family>仿宋</family><prefer><family>AR PL UMing CN</family></prefer></alias>
  <alias binding="same"><family>FangSong</family><prefer><family>AR PL UMing CN</family></prefer></alias>
  <alias binding="same"><family>FangSong_GB2312</family><prefer><family>AR PL UMing CN</family></prefer></alias>
  <alias binding="same"><family>楷体_GB2312</family><prefer><family>AR PL UKai CN</family></prefer></alias>
  <alias binding="same"><family>楷体</family><prefer><family>AR PL UKai CN</family></prefer></alias>
  <alias binding="same"><family>KaiTi</family><prefer><family>AR PL UKai CN</family></prefer></alias>
  <alias binding="same"><family>KaiTi_GB2312</family><prefer><family>AR PL UKai CN</family></prefer></alias>
  <alias binding="same"><family>方正小标宋简体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>方正小标宋_GBK</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>宋体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>SimSun</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>黑体</family><prefer><family>Noto Sans CJK SC</family><family>WenQuanYi Zen Hei</family></prefer></alias>
  <alias binding="same"><family>SimHei</family><prefer><family>Noto Sans CJK SC</family><family>WenQuanYi Zen Hei</family></prefer></alias>
  <!-- 小标宋 is a heavy Song: take the serif face's bold weight. -->
  <match target="pattern">
    <test name="family" compare="eq"><string>方正小标宋简体</string></test>
    <edit name="weight" mode="assign" binding="strong"><const>bold</const></edit>
  </match>
  <match target="pattern">
    <test name="family" compare="eq"><string>方正小标宋_GBK</string></test>
    <edit name="weight" mode="assign" binding="strong"><const>bold</const></edit>
  </match>
</fontconfig>
XML
)"
if [ "$(cat "$conf" 2>/dev/null)" != "$want" ]; then
  echo "setup：写入 $conf（公文字体名 → 免费中文字体）"
  printf '%s\n' "$want" | $SUDO tee "$conf" >/dev/null
  $SUDO fc-cache -f >/dev/null
fi
for family in 仿宋_GB2312 楷体_GB2312 方正小标宋简体 黑体; do
  echo "setup：$family → $(fc-match -f '%{family[0]} %{style[0]}' "$family")"
done
